import IO

/// Lists whose first page a walk of the sort's index did not fill, remembered for a while so that the next
/// request for them reads the text index at once instead of walking in vain first. Only first pages teach it
/// (a later page may come short because the list ends, not because matches are sparse).
final class SearchWalkMemory: Sendable {
    private let expiries = Locked<[String: UInt64]>([:])
    private let lifetimeNanoseconds: UInt64
    private let capacity: Int

    init(lifetime: Duration = .seconds(300), capacity: Int = 4096) {
        let (seconds, attoseconds) = lifetime.components
        lifetimeNanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        self.capacity = capacity
    }

    /// Whether a walk of this list recently failed to fill a first page.
    func isSparse(_ key: String) -> Bool {
        let now = System.monotonicNanoseconds()
        return expiries.withLock { expiries in
            guard let expiry = expiries[key] else { return false }
            if expiry > now { return true }
            expiries[key] = nil
            return false
        }
    }

    /// Remembers that a walk of this list did not fill a first page.
    func rememberSparse(_ key: String) {
        let now = System.monotonicNanoseconds()
        expiries.withLock { expiries in
            if expiries.count >= capacity {
                expiries = expiries.filter { $0.value > now }
                if expiries.count >= capacity { expiries.removeAll(keepingCapacity: true) }
            }
            expiries[key] = now + lifetimeNanoseconds
        }
    }
}
