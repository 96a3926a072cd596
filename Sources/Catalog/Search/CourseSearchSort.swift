/// The orders a course search can return: each one is a keyset (its sort keys, then the id) that an index
/// serves, so every page costs the same however deep it is.
enum CourseSearchSort: String, CaseIterable, Sendable {
    /// Best match first (weighted full-text rank, then enrollments); needs `q`.
    case relevance
    /// Most recently published first.
    case newest
    /// Most enrollments first.
    case popular
    /// Best rated first (average, then number of ratings).
    case rating
    /// Cheapest first (free courses count as 0).
    case priceAscending = "price-asc"
    /// Most expensive first.
    case priceDescending = "price-desc"

    /// Whether the sort keys descend (the keyset continues with smaller keys).
    var isDescending: Bool { self != .priceAscending }

    /// How many integer sort keys a cursor of this sort carries before the id (besides the tier or similarity
    /// of relevance, see `CourseSearchCursor.fits`).
    var integerKeyCount: Int { self == .rating ? 2 : 1 }

    /// Whether `values` can be a cursor's integer keys of this sort (cursors come from clients, so a forged one
    /// must fail as a 400, not as an arithmetic error in SQL).
    func accepts(_ values: [Int64]) -> Bool {
        guard values.count == integerKeyCount else { return false }
        let counts: ClosedRange<Int64> = 0...Int64(Int32.max)
        switch self {
        case .relevance, .popular: return counts.contains(values[0])
        case .newest: return (0...9_000_000_000_000_000).contains(values[0])
        case .rating: return (0...500).contains(values[0]) && counts.contains(values[1])
        case .priceAscending, .priceDescending: return values[0] >= 0
        }
    }

    /// The accepted values, for error messages and the API description.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
