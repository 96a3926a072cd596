import Foundation

/// One thing that gives (or gave) access to a course: a free enrollment, an administrator's, or a payment.
struct EnrollmentGrant: Sendable, Equatable {
    /// Its state.
    enum Status: String, Sendable, Codable {
        case pending, active, cancelled, refunded
    }

    var source: EnrollmentSource
    /// The payment's id for a purchase; the nil UUID otherwise.
    var reference: UUID
    var status: Status
    /// The payment's version for a purchase, which only grows; a counter for the others.
    var version: Int
    /// When the access (or, pending, the payment) ends; `nil` for never.
    var expiresAt: Date?

    /// The reference of free and admin grants.
    static let noReference = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

/// The enrollment a set of grants makes: a pure function of the grants alone, not of the order they came in
/// or of the time, so payment events applied in any order and any number of times end in the same state.
struct EnrollmentState: Sendable, Equatable {
    var status: EnrollmentStatus
    var source: EnrollmentSource
    var paymentId: UUID?
    var expiresAt: Date?

    /// The state of `grants` for an enrollment completed at `completedAt` (if it was).
    ///
    /// - Any active grant gives access: `active` (`completed` once the course was completed), from the grant
    ///   that gives the longest access (no end first; then the latest end; then purchase, admin, free).
    /// - Else a pending payment makes it `pending`, until the latest pending end.
    /// - Else `refunded` if a purchase was refunded, and `cancelled` otherwise.
    static func of(_ grants: [EnrollmentGrant], completedAt: Date?) -> EnrollmentState {
        let active = grants.filter { $0.status == .active }
        if let best = active.max(by: longer) {
            return EnrollmentState(
                status: completedAt == nil ? .active : .completed, source: best.source,
                paymentId: best.source == .purchase ? best.reference : nil,
                expiresAt: active.contains { $0.expiresAt == nil } ? nil : active.compactMap(\.expiresAt).max())
        }
        let pending = grants.filter { $0.status == .pending }
        if let best = pending.max(by: longer) {
            return EnrollmentState(
                status: .pending, source: .purchase, paymentId: best.reference,
                expiresAt: pending.contains { $0.expiresAt == nil } ? nil : pending.compactMap(\.expiresAt).max())
        }
        let refunded = grants.filter { $0.status == .refunded }.max(by: longer)
        let last = refunded ?? grants.max(by: longer)
        return EnrollmentState(
            status: refunded == nil ? .cancelled : .refunded, source: last?.source ?? .free,
            paymentId: last?.source == .purchase ? last?.reference : nil, expiresAt: nil)
    }

    /// Whether `a` gives shorter access than `b` (for `max(by:)`); ties broken by source, then reference, so
    /// the choice never depends on the order of the grants.
    static func longer(_ a: EnrollmentGrant, _ b: EnrollmentGrant) -> Bool {
        switch (a.expiresAt, b.expiresAt) {
        case (nil, .some): return false
        case (.some, nil): return true
        case (.some(let x), .some(let y)) where x != y: return x < y
        default: break
        }
        let rank: [EnrollmentSource: Int] = [.free: 0, .admin: 1, .purchase: 2]
        if a.source != b.source { return rank[a.source]! < rank[b.source]! }
        return a.reference.uuidString < b.reference.uuidString
    }
}
