import Foundation
import HTTP
import Logging
import ServiceKit

/// Sends queued mail through the kit's `RetryQueue` over `mail_outbox`: claims due rows (SKIP LOCKED, so
/// replicas share the work), sends each, and retries failures with back-off, giving up after
/// `maximumAttempts`. A row claimed by a process that dies becomes due again when its lease ends, so nothing
/// committed is lost.
public struct MailDispatcher: Sendable {
    let store: MailOutboxStore
    let queue: RetryQueue
    let transport: any MailTransport
    let from: String
    let logger: Logger

    /// Creates a dispatcher.
    public init(
        store: MailOutboxStore, transport: any MailTransport, from: String, logger: Logger, maximumAttempts: Int = 8
    ) {
        self.store = store
        self.queue = store.queue(maximumAttempts: maximumAttempts)
        self.transport = transport
        self.from = from
        self.logger = logger
    }

    /// Sends what is due now; returns how many were sent.
    @discardableResult
    public func runOnce(batchSize: Int = 20) async throws -> Int {
        let pending = try await store.claim(limit: batchSize, from: queue)
        var sent = 0
        for item in pending {
            do {
                try await transport.send(item.payload, from: from)
                try await queue.complete(item)
                sent += 1
            } catch {
                logger.warning(
                    "mail not sent",
                    ["id": item.id.uuidString, "attempt": item.attempts + 1, "error": String(describing: error)])
                try await queue.fail(item, error: String(describing: error))
            }
        }
        return sent
    }

    /// Runs until cancelled: again at once while messages are being sent, else after `interval`; after
    /// failures in a row, after `interval` doubled for each, at most 30 seconds.
    public func run(interval: Duration = .seconds(1)) async {
        await PeriodicJob(
            name: "mail dispatch", interval: interval, failureBackoff: RetryBackoff(base: interval, cap: .seconds(30)),
            logger: logger
        ) {
            try await runOnce() > 0 ? .moreWork : .idle
        }.run()
    }
}
