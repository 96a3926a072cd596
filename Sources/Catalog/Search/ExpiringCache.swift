import IO

/// Values kept for a while under string keys, each replica its own: search's short memories (facet counts,
/// lists a walk failed to fill, whole responses) are all one of these.
///
/// A value is served until `lifetime` after it was stored; a zero lifetime keeps nothing. When `capacity`
/// entries are held, storing first drops the expired ones, then everything.
final class ExpiringCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expiresAt: UInt64
    }

    private let entries = Locked<[String: Entry]>([:])
    private let lifetimeNanoseconds: UInt64
    private let capacity: Int

    init(lifetime: Duration, capacity: Int) {
        let (seconds, attoseconds) = lifetime.components
        lifetimeNanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        self.capacity = capacity
    }

    /// Whether anything is kept at all.
    var isEnabled: Bool { lifetimeNanoseconds > 0 }

    /// The value stored under `key`, unless it expired.
    func value(for key: String) -> Value? {
        guard isEnabled else { return nil }
        let now = System.monotonicNanoseconds()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expiresAt > now else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// Stores `value` under `key` for the cache's lifetime.
    func store(_ value: Value, for key: String) {
        guard isEnabled else { return }
        let now = System.monotonicNanoseconds()
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(value: value, expiresAt: now + lifetimeNanoseconds)
        }
    }
}

extension ExpiringCache {
    /// Forgets every value.
    func removeAll() { entries.withLock { $0.removeAll(keepingCapacity: true) } }
}

/// Facet counts of recent searches: the facets of a broad search count every match (the whole catalog for the
/// first page of browsing, a category page or a level), and the same few broad searches make most first pages.
typealias SearchFacetCache = ExpiringCache<[CourseSearchFacets.Cell]>

extension ExpiringCache where Value == [CourseSearchFacets.Cell] {
    /// Facet counts kept for `lifetime` (30 s unless configured).
    convenience init(lifetime: Duration) { self.init(lifetime: lifetime, capacity: 1024) }
}

/// Lists whose first page a walk of the sort's index did not fill, with how many matches the walk found,
/// remembered for five minutes: the next request for them reads the text index at once instead of walking in vain
/// first, and the count tells whether the most popular matches are likely to fill a page. Only first pages teach
/// it (a later page may come short because the list ends, not because matches are sparse).
typealias SearchWalkMemory = ExpiringCache<Int>

extension ExpiringCache where Value == Int {
    convenience init() { self.init(lifetime: .seconds(300), capacity: 4096) }

    /// How many matches a walk of this list recently found, when it did not fill a first page.
    func shortWalk(_ key: String) -> Int? { value(for: key) }

    /// Remembers that a walk of this list found only `found` matches for a first page.
    func rememberShortWalk(_ key: String, found: Int) { store(found, for: key) }
}
