import Dispatch
import Foundation
import Synchronization

/// A fixed set of dedicated threads that run CPU- and memory-heavy jobs (password hashing) off Swift's cooperative
/// pool. At most `threadCount` jobs run at once; the rest wait in FIFO order while their tasks stay suspended, and a
/// job that would wait longer than the queue allows is refused at once (see `HashingQueue` for the rule).
final class HashingThreadPool: Sendable {
    /// What the worker threads hold; separate from the pool so that releasing the pool can stop them.
    final class Shared: Sendable {
        let queue: Mutex<HashingQueue>
        let pending = DispatchSemaphore(value: 0)

        init(_ queue: consuming HashingQueue) {
            self.queue = Mutex(queue)
        }

        func work() {
            let clock = ContinuousClock()
            while true {
                pending.wait()
                let (job, isShutDown) = queue.withLock { ($0.start(), $0.isShutDown) }
                if let job {
                    let duration = clock.measure { job() }
                    queue.withLock { $0.finish(after: duration) }
                } else if isShutDown {
                    return
                }
            }
        }
    }

    let shared: Shared
    let threadCount: Int

    /// Starts `threadCount` threads named `name-0`, `name-1`, ….
    /// - Parameters:
    ///   - maxQueuedWork: the most work that may wait for a thread.
    ///   - expectedCost: one job's time until one is measured; `nil` for unknown.
    init(threadCount: Int, name: String, maxQueuedWork: Duration, expectedCost: Duration?) {
        precondition(threadCount > 0, "a hashing pool needs at least one thread")
        self.threadCount = threadCount
        self.shared = Shared(
            HashingQueue(threadCount: threadCount, maxQueuedWork: maxQueuedWork, expectedCost: expectedCost))
        for index in 0..<threadCount {
            let thread = Thread { [shared] in shared.work() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    deinit {
        shared.queue.withLock { $0.isShutDown = true }
        for _ in 0..<threadCount { shared.pending.signal() }
    }

    /// How many jobs are running, waiting for a thread, and holding a reserved place, at this instant.
    var load: (running: Int, waiting: Int, reserved: Int) {
        shared.queue.withLock { ($0.running, $0.waiting, $0.reserved) }
    }

    /// The most jobs that may wait or hold a place beyond those running, at the cost measured so far.
    var waitingLimit: Int { shared.queue.withLock { $0.waitingLimit } }

    /// The moving average of one job's time, `nil` until one is measured or expected.
    var cost: Duration? { shared.queue.withLock { $0.cost } }

    /// Takes a place for one job to run later.
    /// - Throws: `HashingQueueFull` at once when no place is free.
    func reserve() throws(HashingQueueFull) -> HashingReservation {
        if case .refused(let retryAfter) = shared.queue.withLock({ $0.reserve() }) {
            throw HashingQueueFull(retryAfter: retryAfter)
        }
        return HashingReservation(shared)
    }

    /// Runs `body` on one of the pool's threads and returns its result to the awaiting task; it takes the place
    /// of `reservation` if that is from this pool and still held, or else a free place.
    /// - Throws: `HashingQueueFull` at once when it needs a free place and none is; whatever `body` throws.
    func run<Result: Sendable>(
        in reservation: HashingReservation? = nil, _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        let isReserved = reservation?.take(from: shared) ?? false
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let admission = shared.queue.withLock {
                $0.enqueue({ continuation.resume(with: Swift.Result { try body() }) }, reserved: isReserved)
            }
            switch admission {
            case .admitted: shared.pending.signal()
            case .refused(let retryAfter): continuation.resume(throwing: HashingQueueFull(retryAfter: retryAfter))
            }
        }
    }
}

/// A place held in a `PasswordHasher`'s queue for one derivation to come, so that a caller can learn that the
/// hasher is full before it does work it would have to undo (such as counting a login attempt).
///
/// The derivation given the reservation takes its place even when the queue has filled up meanwhile. A reservation
/// that is dropped unused gives its place back.
public final class HashingReservation: Sendable {
    private let pool: HashingThreadPool.Shared
    private let isHeld = Mutex(true)

    init(_ pool: HashingThreadPool.Shared) {
        self.pool = pool
    }

    /// Uses the place for a job of `pool`; `false` if it belongs to another pool or was used already.
    func take(from pool: HashingThreadPool.Shared) -> Bool {
        pool === self.pool
            && isHeld.withLock { held in
                defer { held = false }
                return held
            }
    }

    deinit {
        if isHeld.withLock({ $0 }) { pool.queue.withLock { $0.release() } }
    }
}
