import IO

/// Facet counts of recent searches, kept for a short while: the facets of a broad search count every match (the
/// whole catalog for the first page of browsing, a category page or a level), and the same few broad searches
/// make most first pages.
///
/// Counts may be up to `lifetime` old; each replica keeps its own.
final class SearchFacetCache: Sendable {
    private struct Entry {
        var cells: [CourseSearchFacets.Cell]
        var expiresAt: UInt64
    }

    private let entries = Locked<[String: Entry]>([:])
    private let lifetimeNanoseconds: UInt64
    private let capacity: Int

    /// Creates a cache; a zero lifetime keeps nothing.
    init(lifetime: Duration = .seconds(30), capacity: Int = 1024) {
        let (seconds, attoseconds) = lifetime.components
        lifetimeNanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        self.capacity = capacity
    }

    /// The counts stored under `key`, unless they expired.
    func cells(for key: String) -> [CourseSearchFacets.Cell]? {
        let now = System.monotonicNanoseconds()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expiresAt > now else {
                entries[key] = nil
                return nil
            }
            return entry.cells
        }
    }

    /// Stores `cells` under `key`; when full, expired entries go first, then everything.
    func store(_ cells: [CourseSearchFacets.Cell], for key: String) {
        guard lifetimeNanoseconds > 0 else { return }
        let now = System.monotonicNanoseconds()
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(cells: cells, expiresAt: now + lifetimeNanoseconds)
        }
    }
}
