import Foundation
import HTTP
import Logging

/// Sends queued mail: claims due rows (SKIP LOCKED, so replicas share the work), sends each, and retries
/// failures with exponential back-off, giving up after `maximumAttempts`. A row claimed by a process that
/// dies becomes due again when its lease ends, so nothing committed is lost.
public struct MailDispatcher: Sendable {
    let store: MailOutboxStore
    let transport: any MailTransport
    let from: String
    let logger: Logger
    let maximumAttempts: Int

    /// Creates a dispatcher.
    public init(
        store: MailOutboxStore, transport: any MailTransport, from: String, logger: Logger, maximumAttempts: Int = 8
    ) {
        self.store = store
        self.transport = transport
        self.from = from
        self.logger = logger
        self.maximumAttempts = maximumAttempts
    }

    /// Sends what is due now; returns how many were sent.
    @discardableResult
    public func runOnce(batchSize: Int = 20) async throws -> Int {
        let pending = try await store.claim(limit: batchSize, leaseSeconds: 120)
        var sent = 0
        for item in pending {
            do {
                try await transport.send(item.message, from: from)
                try await store.markSent(item.id)
                sent += 1
            } catch {
                let attempt = item.attempts + 1
                let isFinal = attempt >= maximumAttempts
                let delay = min(3600, 5 << min(attempt, 10))
                logger.warning(
                    "mail not sent", ["id": item.id.uuidString, "attempt": attempt, "error": String(describing: error)])
                try await store.markFailed(
                    item.id, error: String(describing: error), delaySeconds: delay, isFinal: isFinal)
            }
        }
        return sent
    }

    /// Runs until cancelled, polling every `interval`.
    public func run(interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                while try await runOnce() > 0 {}
            } catch {
                logger.error("mail dispatch failed", ["error": String(describing: error)])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
