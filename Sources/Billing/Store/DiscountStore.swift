import Foundation
import Crypto
import Postgres
import ServiceKit

/// A discount code as stored.
struct DiscountCode: Sendable, Equatable {
    var id: UUID
    var code: String
    var kind: String
    var percentBasisPoints: Int?
    var amount: Int?
    var currency: String?
    var startsAt: Date?
    var endsAt: Date?
    var maxRedemptions: Int?
    var maxPerUser: Int?
    var redemptions: Int
    var scope: String
    var scopeIds: [UUID]
    var minimumAmount: Int?
    var minimumCurrency: String?
    var isActive: Bool
    var createdAt: Date
    var updatedAt: Date

    /// What it takes from a checkout.
    var reduction: Pricing.Reduction {
        kind == "percent" ? .percent(basisPoints: percentBasisPoints ?? 0) : .fixed(amount: amount ?? 0)
    }

    /// Whether it applies to `line` (its scope).
    func applies(to line: Pricing.Line) -> Bool {
        switch scope {
        case "courses": scopeIds.contains { $0.lowercased == line.courseId.lowercased() }
        case "categories": line.categoryId.map { id in scopeIds.contains { $0.lowercased == id.lowercased() } } ?? false
        default: true
        }
    }

    /// Why it cannot be used on `lines` in `currency` at `now` (`nil`: it can), before its caps are counted.
    func refusal(for lines: [Pricing.Line], currency: String, now: Date) -> String? {
        if !isActive { return "is not active" }
        if let startsAt, now < startsAt { return "is not valid yet" }
        if let endsAt, now >= endsAt { return "has expired" }
        if kind == "fixed", self.currency != currency { return "is for payments in \(self.currency ?? "?")" }
        if let maxRedemptions, redemptions >= maxRedemptions { return "has been used up" }
        let eligible = lines.filter(applies)
        if eligible.isEmpty { return "does not apply to these courses" }
        if let minimumAmount {
            if let minimumCurrency, minimumCurrency != currency { return "is for payments in \(minimumCurrency)" }
            if lines.reduce(0, { $0 + $1.unitAmount }) < minimumAmount { return "needs a larger order" }
        }
        return nil
    }
}

/// `discount_codes` and `discount_redemptions`. A code's `redemptions` counts the places held by open payments and
/// redeemed by completed ones; a place is taken under the code's row lock, so 50 checkouts at once on a code capped
/// at 5 take exactly 5, and a payment that fails, is cancelled or expires gives its place back.
struct DiscountStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    static let columns: Query = """
        d.id, d.code, d.kind, d.percent_basis_points, d.amount, d.currency, d.starts_at, d.ends_at, d.max_redemptions,
        d.max_per_user, d.redemptions, d.scope, d.scope_ids, d.minimum_amount, d.minimum_currency, d.is_active,
        d.created_at, d.updated_at
        """

    static func code(_ row: Row) throws(PostgresError) -> DiscountCode {
        DiscountCode(
            id: try row.decode(at: 0), code: try row.decode(at: 1), kind: try row.decode(at: 2),
            percentBasisPoints: try row.decode(at: 3), amount: try row.decode(at: 4), currency: try row.decode(at: 5),
            startsAt: try row.decode(at: 6), endsAt: try row.decode(at: 7), maxRedemptions: try row.decode(at: 8),
            maxPerUser: try row.decode(at: 9), redemptions: try row.decode(at: 10), scope: try row.decode(at: 11),
            scopeIds: try row.decode(at: 12), minimumAmount: try row.decode(at: 13),
            minimumCurrency: try row.decode(at: 14), isActive: try row.decode(at: 15),
            createdAt: try row.decode(at: 16),
            updatedAt: try row.decode(at: 17))
    }

    /// The code `code` (any case).
    func find(code: String) async throws -> DiscountCode? {
        try await pool.query("SELECT \(Self.columns) FROM discount_codes d WHERE lower(d.code) = lower(\(code))")
            .decode(Self.code).first
    }

    /// Takes a place of `code` for `payment` of `user` (redeemed at once for a payment that is complete), under
    /// the code's row lock, counting its caps as they are now.
    /// - Throws: `BillingError.discountNotApplicable` when the code is used up (for everyone or for this user).
    func hold(
        _ code: DiscountCode, payment: UUID, user: UUID, redeemed: Bool, on connection: PostgresConnection
    ) async throws {
        guard
            let locked = try await connection.query(
                "SELECT \(Self.columns) FROM discount_codes d WHERE d.id = \(code.id) FOR UPDATE"
            ).decode(Self.code).first
        else { throw BillingError.discountNotApplicable("does not exist") }
        if let maximum = locked.maxRedemptions, locked.redemptions >= maximum {
            throw BillingError.discountNotApplicable("has been used up")
        }
        if let maximum = locked.maxPerUser {
            let mine = try await connection.query(
                """
                SELECT count(*)::int8 FROM discount_redemptions
                WHERE discount_code_id = \(code.id) AND user_id = \(user) AND status <> 'released'
                """
            )[0].decode(Int.self, at: 0)
            if mine >= maximum { throw BillingError.discountNotApplicable("was used as often as it may be by you") }
        }
        try await connection.execute(
            """
            INSERT INTO discount_redemptions (discount_code_id, payment_id, user_id, status)
            VALUES (\(code.id), \(payment), \(user), \(redeemed ? "redeemed" : "held"))
            """)
        try await connection.execute(
            "UPDATE discount_codes SET redemptions = redemptions + 1, updated_at = now() WHERE id = \(code.id)")
    }

    /// Settles the place `payment` holds, if any: redeemed when it completed, else released (given back).
    func settle(payment: UUID, redeemed: Bool, on connection: PostgresConnection) async throws {
        let settled = try await connection.query(
            """
            UPDATE discount_redemptions SET status = \(redeemed ? "redeemed" : "released"), updated_at = now()
            WHERE payment_id = \(payment) AND status = 'held'
            RETURNING discount_code_id
            """
        ).decode { row throws(PostgresError) in try row.decode(UUID.self, at: 0) }
        for code in settled where !redeemed {
            try await connection.execute(
                "UPDATE discount_codes SET redemptions = redemptions - 1, updated_at = now() WHERE id = \(code)")
        }
        // A payment completed after it was given up (the provider took the money after an expiry) uses its code
        // again, beyond the cap if need be: the buyer paid the discounted price.
        if redeemed {
            let revived = try await connection.query(
                """
                UPDATE discount_redemptions SET status = 'redeemed', updated_at = now()
                WHERE payment_id = \(payment) AND status = 'released'
                RETURNING discount_code_id
                """
            ).decode { row throws(PostgresError) in try row.decode(UUID.self, at: 0) }
            for code in revived {
                try await connection.execute(
                    """
                    UPDATE discount_codes SET redemptions = redemptions + 1, updated_at = now() WHERE id = \(code)
                    """)
            }
        }
    }
}

extension DiscountStore {
    /// A code's rules as an admin sets them.
    struct Rules: Sendable {
        var code: String
        var kind: String
        var percentBasisPoints: Int?
        var amount: Int?
        var currency: String?
        var startsAt: Date?
        var endsAt: Date?
        var maxRedemptions: Int?
        var maxPerUser: Int?
        var scope: String
        var scopeIds: [UUID]
        var minimumAmount: Int?
        var minimumCurrency: String?
        var isActive: Bool
    }

    /// Stores a new code; `nil` when another code has this one's text (in any case).
    func create(_ rules: Rules) async throws -> DiscountCode? {
        let id = ids.next()
        let rows = try await pool.query(
            """
            INSERT INTO discount_codes AS d (id, code, kind, percent_basis_points, amount, currency, starts_at, ends_at,
                max_redemptions, max_per_user, scope, scope_ids, minimum_amount, minimum_currency, is_active)
            VALUES (\(id), \(rules.code), \(rules.kind), \(rules.percentBasisPoints), \(rules.amount), \(rules.currency),
                \(rules.startsAt), \(rules.endsAt), \(rules.maxRedemptions), \(rules.maxPerUser), \(rules.scope),
                \(rules.scopeIds), \(rules.minimumAmount), \(rules.minimumCurrency), \(rules.isActive))
            ON CONFLICT DO NOTHING
            RETURNING \(Self.columns)
            """)
        return try rows.decode(Self.code).first
    }

    /// Replaces the rules of code `id` (its text stays); `nil` when there is none. Places already taken stay taken.
    func update(_ id: UUID, _ rules: Rules) async throws -> DiscountCode? {
        try await pool.query(
            """
            UPDATE discount_codes d SET kind = \(rules.kind), percent_basis_points = \(rules.percentBasisPoints),
                amount = \(rules.amount), currency = \(rules.currency), starts_at = \(rules.startsAt),
                ends_at = \(rules.endsAt), max_redemptions = \(rules.maxRedemptions), max_per_user = \(rules.maxPerUser),
                scope = \(rules.scope), scope_ids = \(rules.scopeIds), minimum_amount = \(rules.minimumAmount),
                minimum_currency = \(rules.minimumCurrency), is_active = \(rules.isActive), updated_at = now()
            WHERE d.id = \(id)
            RETURNING \(Self.columns)
            """
        ).decode(Self.code).first
    }

    /// The code `id`.
    func find(_ id: UUID) async throws -> DiscountCode? {
        try await pool.query("SELECT \(Self.columns) FROM discount_codes d WHERE d.id = \(id)").decode(Self.code).first
    }

    /// Codes, newest first, after the cursor.
    func list(after: UUID?, limit: Int) async throws -> [DiscountCode] {
        try await pool.query(
            """
            SELECT \(Self.columns) FROM discount_codes d WHERE (\(after)::uuid IS NULL OR d.id < \(after))
            ORDER BY d.id DESC LIMIT \(limit)
            """
        ).decode(Self.code)
    }

    /// Deletes a code no payment ever used; `false` when one did (deactivate it instead) or there is none.
    func delete(_ id: UUID) async throws -> Bool {
        try await pool.execute(
            """
            DELETE FROM discount_codes d WHERE d.id = \(id)
                AND NOT EXISTS (SELECT 1 FROM discount_redemptions r WHERE r.discount_code_id = d.id)
            """) == 1
    }
}
