import Foundation
import Time

/// A review as answers show it.
struct ReviewResponse: Codable, Sendable {
    /// The ratings a review may give.
    static let ratings = 1...5
    /// The longest comment, in characters.
    static let maximumCommentLength = 2_000

    var id: String
    var userId: String
    var courseId: String
    var rating: Int
    var comment: String
    var helpfulCount: Int
    /// `published` or `hidden` (by an admin; only its author and admins see it).
    var status: String
    /// Why an admin hid it.
    var hiddenReason: String?
    var createdAt: String
    var updatedAt: String

    init(_ review: Review) {
        id = review.id.lowercased
        userId = review.userId.lowercased
        courseId = review.courseId.lowercased
        rating = review.rating
        comment = review.comment
        helpfulCount = review.helpfulCount
        status = review.status.rawValue
        hiddenReason = review.hiddenReason
        createdAt = RFC3339.milliseconds(review.createdAt)
        updatedAt = RFC3339.milliseconds(review.updatedAt)
    }
}

/// `GET /v1/reviews`: a page of a course's published reviews, and the ratings of all of them.
struct ReviewPageResponse: Codable, Sendable {
    var items: [ReviewResponse]
    /// The cursor of the next page; `null` on the last one.
    var nextCursor: String?
    var summary: ReviewSummaryResponse

    init(items: [ReviewResponse], nextCursor: String?, summary: ReviewSummaryResponse) {
        self.items = items
        self.nextCursor = nextCursor
        self.summary = summary
    }

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor, summary
    }

    /// Writes `nextCursor` as `null` on the last page, as every page does.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(summary, forKey: .summary)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([ReviewResponse].self, forKey: .items)
        nextCursor = try container.decode(String?.self, forKey: .nextCursor)
        summary = try container.decode(ReviewSummaryResponse.self, forKey: .summary)
    }
}

/// The ratings of a course's published reviews.
struct ReviewSummaryResponse: Codable, Sendable {
    /// The mean rating, to two decimals; 0 without reviews.
    var average: Double
    var count: Int
    /// How many reviews gave each number of stars.
    var histogram: ReviewHistogram

    init(_ summary: ReviewSummary) {
        average = summary.average
        count = summary.count
        histogram = ReviewHistogram(summary.counts)
    }
}

/// How many reviews gave 1, 2, 3, 4 and 5 stars: `{"1": n, …, "5": n}`.
struct ReviewHistogram: Codable, Sendable {
    var one: Int
    var two: Int
    var three: Int
    var four: Int
    var five: Int

    /// From the counts of one to five stars, in order.
    init(_ counts: [Int]) {
        (one, two, three, four, five) = (counts[0], counts[1], counts[2], counts[3], counts[4])
    }

    private enum CodingKeys: String, CodingKey {
        case one = "1"
        case two = "2"
        case three = "3"
        case four = "4"
        case five = "5"
    }
}
