import HTTP
import Logging

/// A background loop: runs a pass, waits, runs the next, until its task is cancelled.
///
/// After a pass that found more work than it could do, the next runs at once; after one that did not, it waits
/// `interval`. A pass that throws is logged as `"<name> failed"` and the wait grows with each failure in a
/// row (the ceiling of `failureBackoff`, without jitter), so a database that is down is not hammered; the
/// first pass that succeeds goes back to `interval`. Cancellation ends the wait at once.
public struct PeriodicJob: Sendable {
    /// What a pass found.
    public enum Outcome: Sendable, Equatable {
        /// Nothing is left to do now: wait `interval`.
        case idle
        /// There is more to do: run again at once.
        case moreWork
    }

    /// The job's name in log lines.
    public let name: String
    /// The wait after a pass that left nothing to do.
    public let interval: Duration
    /// The waits after failed passes: the ceiling after the number of failures in a row.
    public let failureBackoff: RetryBackoff
    let logger: Logger
    let pass: @Sendable () async throws -> Outcome

    /// Creates a job.
    /// - Parameters:
    ///   - failureBackoff: the waits after failures in a row; by default `interval` after every failure.
    ///   - pass: one pass of the work.
    public init(
        name: String, interval: Duration, failureBackoff: RetryBackoff? = nil, logger: Logger,
        pass: @escaping @Sendable () async throws -> Outcome
    ) {
        self.name = name
        self.interval = interval
        self.failureBackoff = failureBackoff ?? RetryBackoff(base: interval, cap: interval)
        self.logger = logger
        self.pass = pass
    }

    /// Runs passes until the task is cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            let outcome: Result<Outcome, any Error>
            do {
                outcome = .success(try await pass())
            } catch {
                outcome = .failure(error)
                logger.error("\(name) failed", ["error": String(describing: error)])
            }
            let delay = nextDelay(after: outcome, failures: &failures)
            if delay > .zero { try? await Task.sleep(for: delay) }
        }
    }

    /// The wait after a pass with `outcome`, given and updating the number of failed passes in a row.
    func nextDelay(after outcome: Result<Outcome, any Error>, failures: inout Int) -> Duration {
        switch outcome {
        case .success(let found):
            failures = 0
            return found == .moreWork ? .zero : interval
        case .failure:
            failures += 1
            return failureBackoff.ceiling(afterAttempts: failures)
        }
    }
}
