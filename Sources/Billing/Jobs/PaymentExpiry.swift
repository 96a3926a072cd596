import Foundation
import Logging
import ServiceKit

/// Cancels open payments whose time ran out, at their provider too, and releases their discount codes. Safe on
/// every replica: each cancel is a change under the payment's row lock that does nothing to a closed payment.
struct PaymentExpiry: Sendable {
    let payments: PaymentStore
    let providers: PaymentProviders
    let logger: Logger

    /// One pass: up to 50 expired payments; the job runs again at once while there may be more.
    func pass() async throws -> PeriodicJob.Outcome {
        let expired = try await payments.expired(limit: 50)
        for payment in expired {
            _ = try await providers.cancel(payment, requestId: "expiry")
        }
        return expired.count == 50 ? .moreWork : .idle
    }

    /// The sweep, every `interval`.
    func job(interval: Duration) -> PeriodicJob {
        PeriodicJob(name: "payment-expiry", interval: interval, logger: logger) { try await pass() }
    }
}
