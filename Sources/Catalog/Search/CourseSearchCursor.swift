import Foundation

/// What a search cursor carries: the sort keys and id of the last item of a page, and which search made it,
/// so that it is refused with another sort, query or filters.
struct CourseSearchCursor: Codable, Sendable, Equatable {
    /// The sort's name.
    var sort: String
    /// `CourseSearchRequest.fingerprint` of the search that made it.
    var fingerprint: String
    /// The integer sort keys, in order (relevance tier and enrollments; enrollments; publication time in
    /// microseconds; rating in hundredths and number of ratings; price).
    var values: [Int64]
    /// The title similarity, for the relevance sort of a typo search.
    var rank: Double?
    /// The id of the last item.
    var id: UUID
    /// Whether the search matched titles by similarity (no full-text match on its first page).
    var isFuzzy: Bool
    /// The corrected words the search runs with, when its own words matched nothing (typos).
    var correction: String? = nil

    private enum CodingKeys: String, CodingKey {
        case sort = "s"
        case fingerprint = "f"
        case values = "v"
        case rank = "r"
        case id = "i"
        case isFuzzy = "z"
        case correction = "x"
    }

    /// Whether the cursor can continue a search with `sort`: its keys have that sort's shape. A full-text
    /// relevance cursor carries its tier (1: every word in the title, 0: elsewhere) before the enrollments; a
    /// similarity one carries its rank.
    func fits(_ sort: CourseSearchSort) -> Bool {
        guard self.sort == sort.rawValue else { return false }
        if let correction, correction.count > SearchText.maximumLength || SearchText(correction) == nil {
            return false
        }
        if sort == .relevance && !isFuzzy {
            return rank == nil && values.count == 2 && (0...1).contains(values[0])
                && sort.accepts(Array(values.dropFirst()))
        }
        let rankFits = sort == .relevance ? rank?.isFinite == true : rank == nil
        return rankFits && sort.accepts(values)
    }
}
