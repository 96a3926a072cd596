import Dispatch
import Foundation
import Synchronization

/// A fixed set of dedicated threads that run CPU- and memory-heavy jobs (password hashing) off Swift's cooperative
/// pool. At most `threadCount` jobs run at once; the rest wait in FIFO order while their tasks stay suspended.
final class HashingThreadPool: Sendable {
    private typealias Job = @Sendable () -> Void

    private struct Queue: ~Copyable {
        var jobs: [Job?] = []
        var head = 0
        var running = 0
        var isShutDown = false

        var waiting: Int { jobs.count - head }

        mutating func append(_ job: @escaping Job) {
            jobs.append(job)
        }

        mutating func popFirst() -> Job? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            if head >= 64 && head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    /// What the worker threads hold; separate from the pool so that releasing the pool can stop them.
    private final class Shared: Sendable {
        let queue = Mutex(Queue())
        let pending = DispatchSemaphore(value: 0)

        func work() {
            while true {
                pending.wait()
                let (job, isShutDown) = queue.withLock { queue in
                    let job = queue.popFirst()
                    if job != nil { queue.running += 1 }
                    return (job, queue.isShutDown)
                }
                if let job {
                    job()
                    queue.withLock { $0.running -= 1 }
                } else if isShutDown {
                    return
                }
            }
        }
    }

    private let shared = Shared()
    let threadCount: Int

    /// Starts `threadCount` threads named `name-0`, `name-1`, ….
    init(threadCount: Int, name: String) {
        precondition(threadCount > 0, "a hashing pool needs at least one thread")
        self.threadCount = threadCount
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

    /// How many jobs are running and how many are waiting for a thread, at this instant.
    var load: (running: Int, waiting: Int) {
        shared.queue.withLock { ($0.running, $0.waiting) }
    }

    /// Runs `body` on one of the pool's threads and returns its result to the awaiting task.
    func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            shared.queue.withLock { $0.append { continuation.resume(with: Swift.Result { try body() }) } }
            shared.pending.signal()
        }
    }
}
