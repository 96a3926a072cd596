import Glibc
import Synchronization

/// A bounded ring of whole lines, many threads appending without a lock and one drainer taking them out in the
/// order their space was reserved.
///
/// A line takes an 8-byte header and its bytes, rounded up to 8. An appender reserves that space by moving
/// `head` with a compare-and-swap, copies the bytes in, then publishes the line by storing its length in the
/// header (release). The drainer reads headers from `tail` on (acquire), stops at the first one still zero (space
/// reserved, bytes not yet published), zeroes what it took and moves `tail` (release), which frees the space.
/// Two lines of one connection are ordered by the request that separates them, so the second one's space is
/// reserved after the first one's and it leaves the ring after it.
///
/// `final class` holding raw memory, shared by the appenders and the drainer under the protocol above, hence
/// `@unchecked Sendable`.
final class LineRing: @unchecked Sendable {
    /// Bytes the ring holds, a power of two.
    let capacity: Int
    private let words: UnsafeMutablePointer<Atomic<UInt64>>
    private let bytes: UnsafeMutableRawPointer
    private let head = Atomic<Int>(0)
    private let tail = Atomic<Int>(0)

    /// Creates a ring of `capacity` bytes (rounded up to a power of two, at least 4 KiB).
    init(capacity: Int) {
        var size = 4096
        while size < capacity { size <<= 1 }
        self.capacity = size
        words = .allocate(capacity: size / 8)
        for index in 0..<size / 8 { (words + index).initialize(to: Atomic(0)) }
        bytes = UnsafeMutableRawPointer(words)
    }

    deinit {
        words.deinitialize(count: capacity / 8)
        words.deallocate()
    }

    /// Bytes reserved and not yet drained (headers and padding included).
    var pending: Int { head.load(ordering: .relaxed) &- tail.load(ordering: .acquiring) }

    /// The position after the last reserved byte (bytes reserved since the start).
    var reservedEnd: Int { head.load(ordering: .acquiring) }

    /// `reservedEnd`, read sequentially consistent (for the writer thread's check before it sleeps).
    var reservedEndInTotalOrder: Int { head.load(ordering: .sequentiallyConsistent) }

    /// The position after the last drained byte.
    var drainedEnd: Int { tail.load(ordering: .acquiring) }

    /// The space `count` bytes of line take, header and padding included.
    static func footprint(of count: Int) -> Int { (8 + count + 7) & ~7 }

    /// Copies `line` into the ring and publishes it; `false`, with nothing written, when it does not fit now.
    ///
    /// A line whose footprint is larger than the ring never fits; callers write such lines themselves.
    func append(_ line: UnsafeRawBufferPointer) -> Bool {
        guard !line.isEmpty else { return true }
        let footprint = Self.footprint(of: line.count)
        var start = head.load(ordering: .relaxed)
        while true {
            guard start &+ footprint &- tail.load(ordering: .acquiring) <= capacity else { return false }
            let (exchanged, current) = head.compareExchange(
                expected: start, desired: start &+ footprint, ordering: .sequentiallyConsistent)
            if exchanged { break }
            start = current
        }
        copy(line, to: (start &+ 8) & (capacity - 1))
        words[(start & (capacity - 1)) / 8].store(UInt64(line.count), ordering: .releasing)
        return true
    }

    /// Hands every published line from the tail on, oldest first, to `body` (as one or two pieces, where it wraps
    /// around the end), until the first unpublished one, or until `body` returns `false`; frees their space.
    /// Only one thread may drain at a time.
    ///
    /// - Returns: whether the ring is empty now.
    @discardableResult
    func drain(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool {
        var position = tail.load(ordering: .relaxed)
        defer { tail.store(position, ordering: .releasing) }
        let end = head.load(ordering: .acquiring)
        while position != end {
            let offset = position & (capacity - 1)
            let count = Int(words[offset / 8].load(ordering: .acquiring))
            if count == 0 { return false }
            let start = (offset + 8) & (capacity - 1)
            let first = min(count, capacity - start)
            let more = body(
                UnsafeRawBufferPointer(start: bytes + start, count: first),
                UnsafeRawBufferPointer(start: bytes, count: count - first))
            let footprint = Self.footprint(of: count)
            zero(from: offset, count: footprint)
            position &+= footprint
            if !more { break }
        }
        return position == head.load(ordering: .acquiring)
    }

    private func copy(_ line: UnsafeRawBufferPointer, to offset: Int) {
        guard let source = line.baseAddress else { return }
        let first = min(line.count, capacity - offset)
        memcpy(bytes + offset, source, first)
        if first < line.count { memcpy(bytes, source + first, line.count - first) }
    }

    // Raw `memcpy` and `memset` leave the memory bound to `Atomic<UInt64>` for the header loads and stores.
    // Headers can land anywhere a line's bytes were, so the whole footprint goes back to zero before it is freed.
    private func zero(from offset: Int, count: Int) {
        let first = min(count, capacity - offset)
        memset(bytes + offset, 0, first)
        if first < count { memset(bytes, 0, count - first) }
    }
}
