import Dispatch
import Glibc
import Synchronization

/// Where loggers' lines go: a file descriptor, written by a thread of its own in large writes.
///
/// `write(_:)` copies a whole line into a lock-free ring (`LineRing`) and returns; no system call, no lock. The
/// writer thread sleeps until the first line after a quiet spell, then every `interval` (or as soon as 64 KiB are
/// pending) takes every published line out of the ring, oldest first, and writes them with as few `write(2)` as
/// 256 KiB batches allow. Lines keep the order their space was reserved in, so the lines of one connection
/// (written one request after another) keep theirs. A line too large for the ring is written by its caller,
/// after everything published before it.
///
/// When the descriptor cannot keep up and the ring is full, `write(_:)` waits for space: memory stays bounded by
/// the ring and no line is lost, as with the blocking `write(2)` per line that came before; a reader that stops
/// reading stalls logging callers, as it did then. `flush()` writes everything appended so far; the standard
/// output writer also flushes when the process exits through `exit` (returning from `main` included).
public final class LogWriter: Sendable {
    /// Standard output, shared by every logger without a sink of its own.
    ///
    /// One per process because descriptor 1 is one per process: two rings in front of it would interleave
    /// their batches and lose the order of lines. `CAMPUS_LOG_INTERVAL_MS` [5] sets its interval.
    public static let standardOutput: LogWriter = {
        let milliseconds = getenv("CAMPUS_LOG_INTERVAL_MS").flatMap { Int(String(cString: $0)) } ?? 5
        let writer = LogWriter(fileDescriptor: 1, interval: .milliseconds(max(1, milliseconds)))
        atexit { LogWriter.standardOutput.flush() }
        return writer
    }()

    private let core: LogWriterCore

    /// Starts a writer thread for `fileDescriptor`, which stays open and owned by the caller.
    ///
    /// - Parameters:
    ///   - capacity: bytes the ring holds (a power of two at least); a line longer than that is written directly.
    ///   - interval: how long the thread gathers lines before it writes them.
    public init(fileDescriptor: Int32, capacity: Int = 2 << 20, interval: Duration = .milliseconds(5)) {
        core = LogWriterCore(fileDescriptor: fileDescriptor, capacity: capacity, interval: interval)
        core.startThread()
    }

    deinit {
        core.stop()
    }

    /// Appends one whole line (its newline included); it reaches the descriptor within `interval` or so.
    public func write(_ line: [UInt8]) {
        line.withUnsafeBytes { core.append($0) }
    }

    /// Writes every line appended before the call and returns once they are written (or after a second, if a
    /// line's writer was stopped between reserving its space and filling it).
    public func flush() {
        core.flush()
    }
}

/// The state a `LogWriter` shares with its thread, which keeps it until it stops.
final class LogWriterCore: Sendable {
    let fileDescriptor: Int32
    let ring: LineRing
    let interval: Duration
    private let batch = Mutex<[UInt8]>([])
    private let wake = DispatchSemaphore(value: 0)
    private let isAwake = Atomic<Bool>(false)
    private let isUrgent = Atomic<Bool>(false)
    private let isStopped = Atomic<Bool>(false)
    private static let urgentBytes = 64 * 1024
    private static let batchBytes = 256 * 1024

    init(fileDescriptor: Int32, capacity: Int, interval: Duration) {
        self.fileDescriptor = fileDescriptor
        self.ring = LineRing(capacity: capacity)
        self.interval = interval
    }

    /// Copies `line` into the ring (waiting for space while it is full) and wakes the thread when needed.
    func append(_ line: UnsafeRawBufferPointer) {
        guard LineRing.footprint(of: line.count) <= ring.capacity else { return writeThrough(line) }
        while !ring.append(line) {
            // Full: the descriptor is behind. Drain in the caller (after the thread's write if it is in one), so
            // the caller waits for space rather than losing the line.
            let result = batch.withLock { batch in drainBatch(&batch) }
            if result == .waiting { sched_yield() }
        }
        // Pairs with the thread's store of `false` then load of the head (both sequentially consistent): either
        // the thread sees this line, or this sees the thread asleep and wakes it.
        if !isAwake.load(ordering: .sequentiallyConsistent) {
            if !isAwake.exchange(true, ordering: .sequentiallyConsistent) { wake.signal() }
        } else if ring.pending >= Self.urgentBytes, !isUrgent.load(ordering: .relaxed),
            !isUrgent.exchange(true, ordering: .relaxed)
        {
            wake.signal()
        }
    }

    /// Writes every published line, then `line`, in one critical section with the thread's writes.
    private func writeThrough(_ line: UnsafeRawBufferPointer) {
        batch.withLock { batch in
            while drainBatch(&batch) == .full {}
            writeAll(line)
        }
    }

    func flush() {
        let target = ring.reservedEnd
        let deadline = ContinuousClock.now + .seconds(1)
        while true {
            batch.withLock { batch in
                while drainBatch(&batch) == .full {}
            }
            if ring.drainedEnd - target >= 0 || ContinuousClock.now > deadline { return }
            usleep(100)
        }
    }

    func stop() {
        isStopped.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
    }

    func startThread() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { argument in
                let core = Unmanaged<LogWriterCore>.fromOpaque(argument!).takeRetainedValue()
                core.run()
                return nil
            }, box)
        if result == 0 {
            pthread_detach(thread)
        } else {
            // No thread: lines still go out, whenever the ring fills and on `flush()`.
            Unmanaged<LogWriterCore>.fromOpaque(box).release()
        }
    }

    private func run() {
        let nanoseconds =
            Int(interval.components.seconds) * 1_000_000_000
            + Int(interval.components.attoseconds / 1_000_000_000)
        while !isStopped.load(ordering: .relaxed) {
            wake.wait()
            while true {
                _ = wake.wait(timeout: .now() + .nanoseconds(nanoseconds))
                isUrgent.store(false, ordering: .relaxed)
                var isEmpty = false
                batch.withLock { batch in
                    var result = drainBatch(&batch)
                    while result == .full { result = drainBatch(&batch) }
                    isEmpty = result == .empty
                }
                if isStopped.load(ordering: .relaxed) { break }
                guard isEmpty else { continue }
                isAwake.store(false, ordering: .sequentiallyConsistent)
                if ring.reservedEndInTotalOrder == ring.drainedEnd { break }
                isAwake.store(true, ordering: .relaxed)
            }
        }
        flush()
    }

    private enum DrainResult {
        /// The batch filled up: there may be more.
        case full
        /// The ring is empty.
        case empty
        /// The next line's space is reserved but its bytes are not published yet.
        case waiting
    }

    /// Takes published lines from the ring into `batch` (up to 256 KiB) and writes them; holds the batch lock.
    private func drainBatch(_ batch: inout [UInt8]) -> DrainResult {
        batch.removeAll(keepingCapacity: true)
        var isFull = false
        let isEmpty = ring.drain { first, second in
            if first.count + second.count > Self.batchBytes {
                batch.withUnsafeBytes { writeAll($0) }
                batch.removeAll(keepingCapacity: true)
                writeAll(first)
                writeAll(second)
                return true
            }
            batch.append(contentsOf: first)
            batch.append(contentsOf: second)
            isFull = batch.count >= Self.batchBytes
            return !isFull
        }
        batch.withUnsafeBytes { writeAll($0) }
        return isFull ? .full : (isEmpty ? .empty : .waiting)
    }

    /// Writes all of `bytes`, retrying interrupted and partial writes and waiting while a non-blocking
    /// descriptor is full; drops the rest on any other error (a closed pipe: nobody is reading).
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(fileDescriptor, next, remaining)
            if written > 0 {
                next += written
                remaining -= written
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                var poller = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&poller, 1, 100)
            } else {
                return
            }
        }
    }
}
