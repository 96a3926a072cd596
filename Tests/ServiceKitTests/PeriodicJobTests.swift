import Foundation
import HTTP
import IO
import Logging
import Testing

@testable import ServiceKit

@Suite struct PeriodicJobTests {
    struct Failure: Error {}

    static func job(
        interval: Duration = .seconds(3600), failureBackoff: RetryBackoff? = nil, log: Locked<[String]> = Locked([]),
        pass: @escaping @Sendable () async throws -> PeriodicJob.Outcome = { .idle }
    ) -> PeriodicJob {
        PeriodicJob(
            name: "test job", interval: interval, failureBackoff: failureBackoff,
            logger: Logger(service: "test", sink: { line in log.withLock { $0.append(line) } }), pass: pass)
    }

    @Test func waitsTheIntervalWhenIdleAndNothingWhenThereIsMoreWork() {
        let job = Self.job(interval: .seconds(5))
        var failures = 0
        #expect(job.nextDelay(after: .success(.idle), failures: &failures) == .seconds(5))
        #expect(job.nextDelay(after: .success(.moreWork), failures: &failures) == .zero)
        #expect(failures == 0)
    }

    @Test func failuresInARowBackOffUpToTheCapAndASuccessResets() {
        let job = Self.job(interval: .seconds(1), failureBackoff: RetryBackoff(base: .seconds(1), cap: .seconds(4)))
        var failures = 0
        let delays = (0..<4).map { _ in job.nextDelay(after: .failure(Failure()), failures: &failures) }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(4)])
        #expect(job.nextDelay(after: .success(.idle), failures: &failures) == .seconds(1))
        #expect(failures == 0)
        #expect(job.nextDelay(after: .failure(Failure()), failures: &failures) == .seconds(1))
    }

    @Test func withoutABackOffEveryFailureWaitsTheInterval() {
        let job = Self.job(interval: .seconds(600))
        var failures = 0
        let delays = (0..<3).map { _ in job.nextDelay(after: .failure(Failure()), failures: &failures) }
        #expect(delays == [.seconds(600), .seconds(600), .seconds(600)])
    }

    @Test func runsAgainAtOnceWhileThereIsMoreWorkAndCancellationEndsTheWait() async throws {
        let passes = Locked(0)
        let job = Self.job(interval: .seconds(3600)) {
            passes.withLock { count in
                count += 1
                return count < 3 ? .moreWork : .idle
            }
        }
        let task = Task { await job.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while passes.withLock({ $0 }) < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let cancelled = ContinuousClock.now
        task.cancel()
        await task.value
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        #expect(passes.withLock { $0 } == 3)
    }

    @Test func aFailingPassIsLoggedAndTheLoopGoesOn() async throws {
        let log = Locked<[String]>([])
        let passes = Locked(0)
        let job = Self.job(
            interval: .milliseconds(1), failureBackoff: RetryBackoff(base: .milliseconds(1), cap: .milliseconds(2)),
            log: log
        ) {
            let count = passes.withLock { count in
                count += 1
                return count
            }
            if count <= 2 { throw Failure() }
            return .idle
        }
        let task = Task { await job.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while passes.withLock({ $0 }) < 4, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        await task.value
        #expect(passes.withLock { $0 } >= 4)
        let failures = log.withLock { $0 }.filter { $0.contains("\"message\":\"test job failed\"") }
        #expect(failures.count == 2)
    }
}
