/// The ratings of a course's published reviews: how many, their average and how many gave each star.
struct ReviewSummary: Sendable, Equatable {
    /// How many reviews gave 1 to 5 stars (index 0 is one star).
    var counts: [Int]

    /// From the number of reviews per rating (ratings outside 1–5 are ignored).
    init(countsByRating: [Int: Int]) {
        counts = (1...5).map { countsByRating[$0] ?? 0 }
    }

    /// How many reviews.
    var count: Int { counts.reduce(0, +) }

    /// The mean rating rounded to two decimals; 0 without reviews.
    var average: Double {
        let count = count
        guard count > 0 else { return 0 }
        let sum = counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        return (Double(sum) / Double(count) * 100).rounded() / 100
    }
}
