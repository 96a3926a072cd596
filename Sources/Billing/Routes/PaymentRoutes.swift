import Foundation
import HTTP
import ServiceKit
import Time

/// `/v1/payments*` (a buyer's own: history, one payment, cancel) and `/v1/admin/payments*` (every payment, with
/// filters; a pending cash payment marked paid).
struct PaymentRoutes: Sendable {
    let service: BillingService

    /// The list's filters from the query: `status` and, for admins, `method`, `userId`, `courseId`, `from`, `until`.
    static func filter(_ request: Request, admin: Bool, errors: inout FieldErrors) -> PaymentStore.Filter {
        var filter = PaymentStore.Filter()
        if let text = request.queryParameter("status") {
            filter.status = PaymentStatus(rawValue: text)
            if filter.status == nil {
                errors.add("status", "must be one of \(PaymentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        guard admin else { return filter }
        if let text = request.queryParameter("method") {
            filter.method = PaymentMethod(rawValue: text)
            if filter.method == nil {
                errors.add("method", "must be one of \(PaymentMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        for (name, keyPath) in [("userId", \PaymentStore.Filter.user), ("courseId", \PaymentStore.Filter.course)] {
            if let text = request.queryParameter(name) {
                filter[keyPath: keyPath] = UUID(text: text)
                if filter[keyPath: keyPath] == nil { errors.add(name, "must be an id") }
            }
        }
        for (name, keyPath) in [("from", \PaymentStore.Filter.from), ("until", \PaymentStore.Filter.until)] {
            if let text = request.queryParameter(name) {
                filter[keyPath: keyPath] = RFC3339.date(text)
                if filter[keyPath: keyPath] == nil { errors.add(name, "must be an RFC 3339 time") }
            }
        }
        return filter
    }

    func add(to router: inout Router, authenticated: any Middleware) {
        let service = service
        let payments = service.payments
        let idempotent = IdempotencyMiddleware(store: IdempotencyStore(pool: service.pool))
        router.group("/v1/payments", middleware: [authenticated, idempotent]) { group in
            group.get("") { request, context in
                let principal = try context.requirePrincipal()
                var errors = FieldErrors()
                request.checkQueryNames(["limit", "cursor", "status"], errors: &errors)
                let page = PageRequest<UUID>(request, errors: &errors)
                var filter = Self.filter(request, admin: false, errors: &errors)
                try errors.throwIfAny()
                filter.user = principal.userID
                let found = try await payments.list(filter, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: found.map(PaymentResponse.init), limit: page.limit) { UUID(uuidString: $0.id)! })
            }
            group.get(":id") { _, context in
                try .json(PaymentResponse(try await Self.visible(context, payments: payments)))
            }
            group.get(":id/receipt") { request, context in
                let payment = try await Self.visible(context, payments: payments)
                guard payment.status.isPaid, payment.receiptNumber != nil else {
                    throw BillingError.wrongState(payment.status.rawValue, "given a receipt")
                }
                let receipt = ReceiptResponse(payment)
                guard HTMLPage.isPreferred(by: request.headers["Accept"]) else { return try .json(receipt) }
                return HTMLPage.response(ReceiptPage.html(receipt))
            }
            group.post(":id/cancel") { _, context in
                let payment = try await Self.visible(context, payments: payments)
                guard payment.status.isOpen else {
                    throw BillingError.wrongState(payment.status.rawValue, "cancelled")
                }
                let cancelled = try await service.providers.cancel(payment, requestId: context.requestId)
                return try .json(PaymentResponse(cancelled))
            }
        }
        let adminOnly = RoleMiddleware(.admin)
        let required = IdempotencyMiddleware(store: IdempotencyStore(pool: service.pool), requiresKey: true)
        router.group("/v1/admin/payments", middleware: [authenticated, adminOnly]) { group in
            group.get("") { request, _ in
                var errors = FieldErrors()
                request.checkQueryNames(
                    ["limit", "cursor", "status", "method", "userId", "courseId", "from", "until"], errors: &errors)
                let page = PageRequest<UUID>(request, errors: &errors)
                let filter = Self.filter(request, admin: true, errors: &errors)
                try errors.throwIfAny()
                let found = try await payments.list(filter, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: found.map(PaymentResponse.init), limit: page.limit) { UUID(uuidString: $0.id)! })
            }
        }
        router.group("/v1/admin/payments", middleware: [authenticated, adminOnly, required]) { group in
            group.post(":id/mark-paid", maxBodyBytes: 4 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(MarkPaidBody.self, for: .creation)
                guard let id = UUID(text: context.parameters["id"] ?? ""), let payment = try await payments.find(id)
                else { throw ServiceError.notFound }
                guard payment.method == .cash else {
                    throw BillingError.wrongState(payment.method.rawValue, "marked paid")
                }
                guard payment.status.isOpen else {
                    throw BillingError.wrongState(payment.status.rawValue, "marked paid")
                }
                guard
                    let (paid, changed) = try await payments.change(
                        id, .complete(cashReference: body.reference, by: principal.userID),
                        audit: PaymentStore.Audit(
                            actor: principal.userID, action: "cash.markPaid", detail: body.reference))
                else { throw ServiceError.notFound }
                guard changed else { throw BillingError.wrongState(paid.status.rawValue, "marked paid") }
                return try .json(PaymentResponse(paid))
            }
        }
    }

    /// The payment of the path, if the caller may see it (its buyer or an admin); 404 otherwise.
    static func visible(_ context: RequestContext, payments: PaymentStore) async throws -> Payment {
        let principal = try context.requirePrincipal()
        guard let id = UUID(text: context.parameters["id"] ?? ""), let payment = try await payments.find(id),
            payment.userId == principal.userID || principal.isAdmin
        else { throw ServiceError.notFound }
        return payment
    }
}
