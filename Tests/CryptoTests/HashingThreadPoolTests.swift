import Dispatch
import Synchronization
import Testing

@testable import Crypto

@Suite struct HashingThreadPoolTests {
    final class Inside: Sendable {
        let state = Mutex((now: 0, most: 0))
    }

    /// Jobs that hold their thread until released: the pool's state is then steady, not a race a poll may miss.
    @Test(.timeLimit(.minutes(1))) func atMostThePoolRunsAndTheRestWait() async throws {
        let pool = HashingThreadPool(
            threadCount: 2, name: "pool-test", maxQueuedWork: .seconds(60), expectedCost: .milliseconds(10))
        let gate = DispatchSemaphore(value: 0)
        let inside = Inside()
        let jobs = (0..<10).map { index in
            Task {
                try await pool.run {
                    inside.state.withLock {
                        $0.now += 1
                        $0.most = max($0.most, $0.now)
                    }
                    gate.wait()
                    inside.state.withLock { $0.now -= 1 }
                    return index
                }
            }
        }
        while pool.load.running + pool.load.waiting < 10 || pool.load.running < 2 {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(pool.load.running == 2)
        #expect(pool.load.waiting == 8)
        #expect(inside.state.withLock { $0.now } == 2)
        for _ in 0..<10 { gate.signal() }
        var results: [Int] = []
        for job in jobs { results.append(try await job.value) }
        #expect(results == Array(0..<10))
        #expect(inside.state.withLock { $0.most } == 2)
        #expect(pool.load.running == 0 && pool.load.waiting == 0)
    }
}
