import Contracts
import Foundation
import Crypto
import Postgres
import ServiceKit
import Time

/// `payments` and `payment_items`: checkouts made into payments, and every change of their state. Each change
/// locks the payment's row, bumps its version and writes its `payment.*` event to the outbox in the same
/// transaction, so learning hears of every state exactly as it was stored.
struct PaymentStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator
    let outbox: Outbox
    let discounts: DiscountStore

    /// A checkout to store as a payment.
    struct Checkout: Sendable {
        var user: UUID
        var method: PaymentMethod
        var currency: String
        var priced: Pricing.Priced
        var taxInclusive: Bool
        var discountCodeId: UUID?
        var country: String?
        var region: String?
        var customerName: String
        var customerEmail: String
        var billingAddress: String
        var expiresAt: Date
    }

    static let columns: Query = """
        p.id, p.user_id, p.status, p.method, p.currency, p.subtotal, p.discount, p.tax, p.total, p.refunded,
        p.tax_inclusive, p.discount_code_id, p.country, p.region, p.customer_name, p.customer_email,
        p.billing_address::text, p.provider_reference, p.provider_action, p.flagged, p.failure, p.receipt_number,
        p.cash_reference, p.expires_at, p.completed_at, p.version, p.created_at, p.updated_at
        """

    static func payment(_ row: Row) throws(PostgresError) -> Payment {
        Payment(
            id: try row.decode(at: 0), userId: try row.decode(at: 1),
            status: PaymentStatus(rawValue: try row.decode(at: 2)) ?? .failed,
            method: PaymentMethod(rawValue: try row.decode(at: 3)) ?? .cash, currency: try row.decode(at: 4),
            subtotal: try row.decode(at: 5), discount: try row.decode(at: 6), tax: try row.decode(at: 7),
            total: try row.decode(at: 8), refunded: try row.decode(at: 9), taxInclusive: try row.decode(at: 10),
            discountCodeId: try row.decode(at: 11), country: try row.decode(at: 12), region: try row.decode(at: 13),
            customerName: try row.decode(at: 14), customerEmail: try row.decode(at: 15),
            billingAddress: try row.decode(at: 16), providerReference: try row.decode(at: 17),
            providerAction: try row.decode(at: 18), flagged: try row.decode(at: 19), failure: try row.decode(at: 20),
            receiptNumber: try row.decode(at: 21), cashReference: try row.decode(at: 22),
            expiresAt: try row.decode(at: 23), completedAt: try row.decode(at: 24), version: try row.decode(at: 25),
            createdAt: try row.decode(at: 26), updatedAt: try row.decode(at: 27), items: [])
    }

    static func item(_ row: Row) throws(PostgresError) -> (UUID, PaymentItem) {
        (
            try row.decode(at: 0),
            PaymentItem(
                position: try row.decode(at: 1), courseId: try row.decode(at: 2), title: try row.decode(at: 3),
                instructorId: try row.decode(at: 4), instructorName: try row.decode(at: 5),
                unitAmount: try row.decode(at: 6), discount: try row.decode(at: 7), tax: try row.decode(at: 8),
                total: try row.decode(at: 9), refunded: try row.decode(at: 10))
        )
    }

    /// `payments` with their items.
    static func withItems(_ payments: [Payment], on connection: PostgresConnection) async throws -> [Payment] {
        guard !payments.isEmpty else { return [] }
        let items = try await connection.query(
            """
            SELECT payment_id, position, course_id, title, instructor_id, instructor_name, unit_amount, discount, tax,
                total, refunded
            FROM payment_items WHERE payment_id = ANY (\(payments.map(\.id))) ORDER BY payment_id, position
            """
        ).decode(Self.item)
        let grouped = Dictionary(grouping: items, by: \.0)
        return payments.map { payment in
            var payment = payment
            payment.items = grouped[payment.id]?.map(\.1) ?? []
            return payment
        }
    }

    /// Stores `checkout` as a pending payment (or, when it costs nothing, a completed one), holding its discount
    /// code, and announces it. The buyer's checkouts are made one after the other (a lock on the buyer), and one
    /// is refused while another open payment or a paid one already has any of its courses.
    /// - Throws: `BillingError.checkoutOpen` / `.alreadyOwned` (409), the discount's refusals (422).
    func create(_ checkout: Checkout, discountCode: DiscountCode?) async throws -> Payment {
        try await pool.withTransaction { connection in
            try await connection.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended('billing.checkout:' || \(checkout.user)::text, 0))")
            let courses = checkout.priced.lines.compactMap { UUID(uuidString: $0.line.courseId) }
            let held = try await connection.query(
                """
                SELECT p.id, p.status, i.course_id FROM payments p JOIN payment_items i ON i.payment_id = p.id
                WHERE p.user_id = \(checkout.user) AND i.course_id = ANY (\(courses))
                    AND (p.status IN ('pending', 'processing')
                        OR (p.status IN ('completed', 'partially_refunded') AND i.refunded < i.total))
                ORDER BY p.id
                """
            ).decode((UUID, String, UUID).self)
            if let open = held.first(where: { $0.1 == "pending" || $0.1 == "processing" }) {
                throw BillingError.checkoutOpen(open.0)
            }
            if !held.isEmpty { throw BillingError.alreadyOwned(held.map(\.2.lowercased)) }
            let id = ids.next()
            let isFree = checkout.priced.total == 0
            let status: PaymentStatus = isFree ? .completed : .pending
            let receipt = isFree ? try await Self.nextReceipt(on: connection) : nil
            try await connection.execute(
                """
                INSERT INTO payments (id, user_id, status, method, currency, subtotal, discount, tax, total,
                    tax_inclusive, discount_code_id, country, region, customer_name, customer_email, billing_address,
                    receipt_number, expires_at, completed_at)
                VALUES (\(id), \(checkout.user), \(status.rawValue), \(isFree ? PaymentMethod.free.rawValue : checkout.method.rawValue),
                    \(checkout.currency), \(checkout.priced.subtotal), \(checkout.priced.discount), \(checkout.priced.tax),
                    \(checkout.priced.total), \(checkout.taxInclusive), \(checkout.discountCodeId), \(checkout.country),
                    \(checkout.region), \(checkout.customerName), \(checkout.customerEmail),
                    \(checkout.billingAddress)::jsonb, \(receipt), \(isFree ? nil : checkout.expiresAt),
                    CASE WHEN \(isFree) THEN now() END)
                """)
            for (position, line) in checkout.priced.lines.enumerated() {
                try await connection.execute(
                    """
                    INSERT INTO payment_items (payment_id, position, course_id, title, instructor_id, instructor_name,
                        unit_amount, discount, tax, total)
                    VALUES (\(id), \(position), \(UUID(uuidString: line.line.courseId)!), \(line.line.title),
                        \(UUID(uuidString: line.line.instructorId)!), \(line.line.instructorName), \(line.line.unitAmount),
                        \(line.discount), \(line.tax), \(line.total))
                    """)
            }
            if let discountCode {
                try await discounts.hold(
                    discountCode, payment: id, user: checkout.user, redeemed: isFree, on: connection)
            }
            return try await announce(id, on: connection)
        }
    }

    /// The payment `id` with its items.
    func find(_ id: UUID) async throws -> Payment? {
        try await pool.withConnection { connection in
            let found = try await connection.query("SELECT \(Self.columns) FROM payments p WHERE p.id = \(id)")
                .decode(Self.payment)
            return try await Self.withItems(found, on: connection).first
        }
    }

    /// The payment whose provider object is `reference`.
    func find(method: PaymentMethod, reference: String) async throws -> Payment? {
        try await pool.withConnection { connection in
            let found = try await connection.query(
                """
                SELECT \(Self.columns) FROM payments p
                WHERE p.method = \(method.rawValue) AND p.provider_reference = \(reference)
                """
            ).decode(Self.payment)
            return try await Self.withItems(found, on: connection).first
        }
    }

    /// Filters of an admin's list.
    struct Filter: Sendable {
        var user: UUID?
        var status: PaymentStatus?
        var method: PaymentMethod?
        var course: UUID?
        var from: Date?
        var until: Date?
    }

    /// Payments newest first after the cursor `after`, matching `filter`.
    func list(_ filter: Filter, after: UUID?, limit: Int) async throws -> [Payment] {
        try await pool.withConnection { connection in
            let found = try await connection.query(
                """
                SELECT \(Self.columns) FROM payments p
                WHERE (\(filter.user)::uuid IS NULL OR p.user_id = \(filter.user))
                    AND (\(filter.status?.rawValue)::text IS NULL OR p.status = \(filter.status?.rawValue))
                    AND (\(filter.method?.rawValue)::text IS NULL OR p.method = \(filter.method?.rawValue))
                    AND (\(filter.course)::uuid IS NULL OR EXISTS (
                        SELECT 1 FROM payment_items i WHERE i.payment_id = p.id AND i.course_id = \(filter.course)))
                    AND (\(filter.from)::timestamptz IS NULL OR p.created_at >= \(filter.from))
                    AND (\(filter.until)::timestamptz IS NULL OR p.created_at < \(filter.until))
                    AND (\(after)::uuid IS NULL OR p.id < \(after))
                ORDER BY p.id DESC LIMIT \(limit)
                """
            ).decode(Self.payment)
            return try await Self.withItems(found, on: connection)
        }
    }

    /// Records what the provider needs to be paid (its object, and what the browser opens) on a pending payment.
    func attach(_ id: UUID, reference: String, action: String?) async throws {
        try await pool.execute(
            """
            UPDATE payments SET provider_reference = \(reference), provider_action = \(action), updated_at = now()
            WHERE id = \(id)
            """)
    }

    /// How a payment's state may change.
    enum Change: Sendable {
        /// Paid: completed with a receipt number, its discount redeemed. From any state but a paid one (money the
        /// provider took after an expiry still buys the courses).
        case complete(cashReference: String?, by: UUID?)
        /// The provider refused it; from an open state only.
        case fail(reason: String)
        /// The buyer, an admin or the expiry gave it up; from an open state only.
        case cancel
        /// The provider reported something that does not match (amount, currency): kept for an admin, no change of
        /// state.
        case flag(String)
    }

    /// Who changed a payment by hand, recorded with the change.
    struct Audit: Sendable {
        var actor: UUID
        var action: String
        var detail: String
    }

    /// Applies `change` to the payment `id` under its row lock (recording `audit` when it changed); returns it as
    /// stored after, and whether it changed. A change that does not apply to the state it finds changes nothing.
    func change(_ id: UUID, _ change: Change, audit: Audit? = nil) async throws -> (Payment, changed: Bool)? {
        try await pool.withTransaction { connection in
            guard
                let payment = try await connection.query(
                    "SELECT \(Self.columns) FROM payments p WHERE p.id = \(id) FOR UPDATE"
                ).decode(Self.payment).first
            else { return nil }
            switch change {
            case .complete(let cashReference, let actor):
                guard !payment.status.isPaid else { return (try await Self.loaded(payment, on: connection), false) }
                let receipt = try await Self.nextReceipt(on: connection)
                try await connection.execute(
                    """
                    UPDATE payments SET status = 'completed', receipt_number = \(receipt), completed_at = now(),
                        cash_reference = coalesce(\(cashReference), cash_reference), paid_by = \(actor),
                        version = version + 1, updated_at = now()
                    WHERE id = \(id)
                    """)
                try await discounts.settle(payment: id, redeemed: true, on: connection)
            case .fail(let reason):
                guard payment.status.isOpen else { return (try await Self.loaded(payment, on: connection), false) }
                try await connection.execute(
                    """
                    UPDATE payments SET status = 'failed', failure = \(reason), version = version + 1, updated_at = now()
                    WHERE id = \(id)
                    """)
                try await discounts.settle(payment: id, redeemed: false, on: connection)
            case .cancel:
                guard payment.status.isOpen else { return (try await Self.loaded(payment, on: connection), false) }
                try await connection.execute(
                    "UPDATE payments SET status = 'cancelled', version = version + 1, updated_at = now() WHERE id = \(id)"
                )
                try await discounts.settle(payment: id, redeemed: false, on: connection)
            case .flag(let what):
                try await connection.execute(
                    "UPDATE payments SET flagged = \(what), updated_at = now() WHERE id = \(id)")
                return (try await Self.reload(id, on: connection), false)
            }
            if let audit {
                try await connection.execute(
                    """
                    INSERT INTO payment_audit (id, payment_id, actor, action, detail)
                    VALUES (\(ids.next()), \(id), \(audit.actor), \(audit.action), jsonb_build_object('detail', \(audit.detail)::text))
                    """)
            }
            return (try await announce(id, on: connection), true)
        }
    }

    /// Open payments whose time ran out, oldest first.
    func expired(limit: Int) async throws -> [Payment] {
        try await pool.query(
            """
            SELECT \(Self.columns) FROM payments p
            WHERE p.status IN ('pending', 'processing') AND p.expires_at <= now()
            ORDER BY p.expires_at LIMIT \(limit)
            """
        ).decode(Self.payment)
    }

    /// The payment as stored now, with its event written to the outbox.
    private func announce(_ id: UUID, on connection: PostgresConnection) async throws -> Payment {
        let payment = try await Self.reload(id, on: connection)
        try await outbox.append(Self.topic(of: payment.status), Self.event(payment), on: connection)
        return payment
    }

    private static func reload(_ id: UUID, on connection: PostgresConnection) async throws -> Payment {
        let payment = try await connection.query("SELECT \(Self.columns) FROM payments p WHERE p.id = \(id)")
            .decode(Self.payment)[0]
        return try await loaded(payment, on: connection)
    }

    private static func loaded(_ payment: Payment, on connection: PostgresConnection) async throws -> Payment {
        try await withItems([payment], on: connection)[0]
    }

    /// The topic that announces a payment in `status`.
    static func topic(of status: PaymentStatus) -> EventTopic<PaymentChanged> {
        switch status {
        case .pending, .processing: .paymentPending
        case .completed: .paymentCompleted
        case .failed: .paymentFailed
        case .cancelled: .paymentCancelled
        case .refunded, .partiallyRefunded: .paymentRefunded
        }
    }

    /// The absolute state learning keeps of `payment`.
    static func event(_ payment: Payment) -> PaymentChanged {
        PaymentChanged(
            paymentId: payment.id.lowercased, userId: payment.userId.lowercased, status: payment.status.rawValue,
            items: payment.items.map {
                PaymentChangedItem(
                    courseId: $0.courseId.lowercased, isRefunded: $0.total > 0 && $0.refunded >= $0.total)
            },
            expiresAt: payment.status.isOpen ? payment.expiresAt.map(RFC3339.string) : nil, version: payment.version,
            updatedAt: RFC3339.string(payment.updatedAt))
    }

    /// The next receipt number of this year, `R-2026-000123`: the year's counter row is locked until the
    /// transaction ends, so numbers are unique and without gaps among committed payments.
    static func nextReceipt(on connection: PostgresConnection) async throws -> String {
        let (year, number) = try await connection.query(
            """
            INSERT INTO receipt_counters AS c (year, last)
            VALUES (extract(year FROM now() AT TIME ZONE 'UTC')::int, 1)
            ON CONFLICT (year) DO UPDATE SET last = c.last + 1
            RETURNING year, last
            """
        ).decode((Int, Int).self)[0]
        let digits = String(number)
        return "R-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
