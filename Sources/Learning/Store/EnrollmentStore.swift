import Contracts
import Crypto
import Foundation
import Postgres
import ServiceKit

/// `enrollments` and `enrollment_grants`: who may learn what, and why.
///
/// Every change goes the same way, in one transaction: make sure the (user, course) row exists, lock it, change
/// one grant, derive the enrollment's state from all of its grants (`EnrollmentState.of`), and when access came
/// or went, adjust the course's counts and announce them (`course.stats`). The row lock makes 20 concurrent
/// enrollments of one user in one course one enrollment, and the derivation makes the end state independent of
/// the order events come in.
struct EnrollmentStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator
    let stats: StatsStore

    /// The enrollment with `id`.
    func find(_ id: UUID) async throws -> Enrollment? {
        try await pool.query("SELECT \(EnrollmentRows.enrollmentColumns) FROM enrollments e WHERE e.id = \(id)")
            .decode(EnrollmentRows.enrollment).first
    }

    /// `user`'s enrollment in `course`.
    func find(user: UUID, course: UUID) async throws -> Enrollment? {
        try await pool.query(
            """
            SELECT \(EnrollmentRows.enrollmentColumns) FROM enrollments e
            WHERE e.user_id = \(user) AND e.course_id = \(course)
            """
        ).decode(EnrollmentRows.enrollment).first
    }

    /// `user`'s enrollment in `course` if it gives access now (active or completed, before its end).
    func withAccess(user: UUID, course: UUID) async throws -> Enrollment? {
        try await find(user: user, course: course).flatMap { $0.hasAccess() ? $0 : nil }
    }

    /// `user`'s enrollments, newest first, after `id`, optionally of one status.
    func list(user: UUID, status: EnrollmentStatus?, after id: UUID?, limit: Int) async throws -> [Enrollment] {
        try await pool.query(
            """
            SELECT \(EnrollmentRows.enrollmentColumns) FROM enrollments e
            WHERE e.user_id = \(user) AND (\(status?.rawValue)::text IS NULL OR e.status = \(status?.rawValue))
              AND (\(id)::uuid IS NULL OR e.id < \(id))
            ORDER BY e.id DESC LIMIT \(limit)
            """
        ).decode(EnrollmentRows.enrollment)
    }

    /// `user`'s enrollments among `courses` (billing's "already owns this course").
    func owned(user: UUID, courses: [UUID]) async throws -> [Enrollment] {
        try await pool.query(
            """
            SELECT \(EnrollmentRows.enrollmentColumns) FROM enrollments e
            WHERE e.user_id = \(user) AND e.course_id = ANY (\(courses))
            ORDER BY e.course_id
            """
        ).decode(EnrollmentRows.enrollment)
    }

    /// A change of one grant.
    enum GrantChange: Sendable {
        /// Free and admin grants: set to this status (and end), whatever they were.
        case set(EnrollmentSource, EnrollmentGrant.Status, expiresAt: Date?)
        /// A payment's grant: to this state, only if `version` is newer than the one held.
        case payment(UUID, EnrollmentGrant.Status, version: Int, expiresAt: Date?)
        /// Every grant cancelled (an admin's cancel); a later payment event can still give access again.
        case cancelAll
    }

    /// Applies `change` to `user`'s enrollment in `course`, creating it if needed; returns it and whether it
    /// was created now.
    func change(user: UUID, course: UUID, _ change: GrantChange) async throws -> (Enrollment, created: Bool) {
        try await pool.withTransaction { connection in
            try await Self.change(user: user, course: course, change, ids: ids, stats: stats, on: connection)
        }
    }

    /// `change(user:course:_:)` inside the caller's transaction.
    static func change(
        user: UUID, course: UUID, _ change: GrantChange, ids: UUIDv7Generator, stats: StatsStore,
        on connection: PostgresConnection
    ) async throws -> (Enrollment, created: Bool) {
        let source: EnrollmentSource =
            switch change {
            case .set(let source, _, _): source
            case .payment: .purchase
            case .cancelAll: .admin
            }
        // A new row starts without access; its state is derived below, before anyone else can see it.
        let created =
            try await connection.query(
                """
                INSERT INTO enrollments (id, user_id, course_id, status, source)
                VALUES (\(ids.next()), \(user), \(course), 'cancelled', \(source.rawValue))
                ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id
                """
            ).isEmpty == false
        guard
            let before = try await connection.query(
                """
                SELECT \(EnrollmentRows.enrollmentColumns) FROM enrollments e
                WHERE e.user_id = \(user) AND e.course_id = \(course) FOR UPDATE
                """
            ).decode(EnrollmentRows.enrollment).first
        else {
            // Only an erasure (`user.deleted`) removes enrollments; a change racing it finds nothing.
            throw ServiceError.conflict(code: "enrollmentErased", detail: "the enrollment was erased meanwhile")
        }
        switch change {
        case .set(let source, let status, let expiresAt):
            try await connection.execute(
                """
                INSERT INTO enrollment_grants AS g (enrollment_id, source, reference, status, version, expires_at)
                VALUES (\(before.id), \(source.rawValue), \(EnrollmentGrant.noReference), \(status.rawValue), 1,
                    \(expiresAt))
                ON CONFLICT (enrollment_id, source, reference) DO UPDATE SET status = EXCLUDED.status,
                    expires_at = EXCLUDED.expires_at, version = g.version + 1, updated_at = now()
                """)
        case .payment(let payment, let status, let version, let expiresAt):
            try await connection.execute(
                """
                INSERT INTO enrollment_grants AS g (enrollment_id, source, reference, status, version, expires_at)
                VALUES (\(before.id), 'purchase', \(payment), \(status.rawValue), \(version), \(expiresAt))
                ON CONFLICT (enrollment_id, source, reference) DO UPDATE SET status = EXCLUDED.status,
                    expires_at = EXCLUDED.expires_at, version = EXCLUDED.version, updated_at = now()
                WHERE g.version < EXCLUDED.version
                """)
        case .cancelAll:
            try await connection.execute(
                """
                UPDATE enrollment_grants SET status = 'cancelled', updated_at = now()
                WHERE enrollment_id = \(before.id) AND status IN ('pending', 'active')
                """)
        }
        var after = try await derive(before, on: connection)
        if after.status != before.status { try await CertificateStore.follow(after, on: connection) }
        if after.status == .active && after.progressPercent == 100 {
            // Access came back to an enrollment whose every lesson is done.
            after = try await ProgressStore.recounted(after.id, on: connection).enrollment
        }
        let wasCounted = !created && before.status.givesAccess
        if wasCounted != after.status.givesAccess {
            try await stats.adjust(course: course, enrollments: after.status.givesAccess ? 1 : -1, on: connection)
        }
        return (after, created)
    }

    /// Derives the state of the locked enrollment `before` from its grants and stores it.
    static func derive(_ before: Enrollment, on connection: PostgresConnection) async throws -> Enrollment {
        let grants = try await connection.query(
            "SELECT \(EnrollmentRows.grantColumns) FROM enrollment_grants g WHERE g.enrollment_id = \(before.id)"
        ).decode(EnrollmentRows.grant)
        let state = EnrollmentState.of(grants, completedAt: before.completedAt)
        return try await connection.query(
            """
            UPDATE enrollments e SET status = \(state.status.rawValue), source = \(state.source.rawValue),
                payment_id = \(state.paymentId), expires_at = \(state.expiresAt), updated_at = now()
            WHERE e.id = \(before.id) RETURNING \(EnrollmentRows.enrollmentColumns)
            """
        ).decode(EnrollmentRows.enrollment)[0]
    }
}
