import Foundation
import Postgres
import ServiceKit

/// `certificates` and `certificate_requests`. A certificate is stored once per enrollment (a second issue of
/// the same enrollment finds it there and changes nothing), in the transaction that removes its request.
struct CertificateStore: Sendable {
    let pool: PostgresPool

    /// The certificate with `code` (normalized).
    func find(code: String) async throws -> Certificate? {
        try await pool.query("SELECT \(Self.columns) FROM certificates c WHERE c.code = \(code)")
            .decode(Self.certificate).first
    }

    /// `user`'s certificates, newest first, after `id`.
    func list(user: UUID, after id: UUID?, limit: Int) async throws -> [Certificate] {
        try await pool.query(
            """
            SELECT \(Self.columns) FROM certificates c
            WHERE c.user_id = \(user) AND (\(id)::uuid IS NULL OR c.id < \(id))
            ORDER BY c.id DESC LIMIT \(limit)
            """
        ).decode(Self.certificate)
    }

    /// Up to `limit` enrollments awaiting their certificate, oldest request first.
    func requested(limit: Int) async throws -> [UUID] {
        try await pool.query(
            "SELECT enrollment_id FROM certificate_requests ORDER BY requested_at, enrollment_id LIMIT \(limit)"
        ).decode(UUID.self)
    }

    /// What a certificate of `enrollment` would say, if it is requested: the enrollment and its course's copy.
    func subject(_ enrollment: UUID) async throws -> (Enrollment, CourseSnapshot)? {
        let rows = try await pool.query(
            """
            SELECT \(EnrollmentRows.enrollmentColumns), \(EnrollmentRows.snapshotColumns)
            FROM certificate_requests q JOIN enrollments e ON e.id = q.enrollment_id
            JOIN course_snapshots s ON s.course_id = e.course_id
            WHERE q.enrollment_id = \(enrollment)
            """)
        guard let row = rows.first else { return nil }
        return (try EnrollmentRows.enrollment(row), try EnrollmentRows.snapshot(row, from: 17))
    }

    /// Stores `certificate` and removes its request, unless the enrollment has one already; returns the one it
    /// has.
    func store(_ certificate: Certificate) async throws -> Certificate {
        try await pool.withTransaction { connection in
            try await connection.execute(
                """
                INSERT INTO certificates (id, code, enrollment_id, user_id, course_id, holder_name, course_title,
                    instructor_name, completed_at, final_score, issued_at, token)
                VALUES (\(certificate.id), \(certificate.code), \(certificate.enrollmentId), \(certificate.userId),
                    \(certificate.courseId), \(certificate.holderName), \(certificate.courseTitle),
                    \(certificate.instructorName), \(certificate.completedAt), \(certificate.finalScore),
                    \(certificate.issuedAt), \(certificate.token))
                ON CONFLICT (enrollment_id) DO NOTHING
                """)
            try await connection.execute(
                "DELETE FROM certificate_requests WHERE enrollment_id = \(certificate.enrollmentId)")
            return try await connection.query(
                "SELECT \(Self.columns) FROM certificates c WHERE c.enrollment_id = \(certificate.enrollmentId)"
            ).decode(Self.certificate)[0]
        }
    }

    /// Drops the request of `enrollment` without a certificate (its holder is gone).
    func dropRequest(_ enrollment: UUID) async throws {
        try await pool.execute("DELETE FROM certificate_requests WHERE enrollment_id = \(enrollment)")
    }

    /// Revokes the certificate with `code` for `reason` (a revoked one keeps its first reason), or reinstates it
    /// (`reason` nil). Returns it; `nil` when there is none.
    func revoke(code: String, reason: String?) async throws -> Certificate? {
        try await pool.query(
            """
            UPDATE certificates c SET
                revoked_at = CASE WHEN \(reason)::text IS NULL THEN NULL ELSE coalesce(c.revoked_at, now()) END,
                revoked_reason = CASE WHEN \(reason)::text IS NULL THEN NULL ELSE coalesce(c.revoked_reason, \(reason)) END
            WHERE c.code = \(code) RETURNING \(Self.columns)
            """
        ).decode(Self.certificate).first
    }

    /// Follows a change of the enrollment's access: a refund revokes its certificate; access given again
    /// reinstates one that only the refund had revoked.
    static func follow(_ enrollment: Enrollment, on connection: PostgresConnection) async throws {
        if enrollment.status == .refunded {
            try await connection.execute(
                """
                UPDATE certificates SET revoked_at = now(), revoked_reason = \(Certificate.refundReason)
                WHERE enrollment_id = \(enrollment.id) AND revoked_at IS NULL
                """)
        } else if enrollment.status.givesAccess {
            try await connection.execute(
                """
                UPDATE certificates SET revoked_at = NULL, revoked_reason = NULL
                WHERE enrollment_id = \(enrollment.id) AND revoked_reason = \(Certificate.refundReason)
                """)
        }
    }

    static let columns: Query = """
        c.id, c.code, c.enrollment_id, c.user_id, c.course_id, c.holder_name, c.course_title, c.instructor_name,
        c.completed_at, c.final_score, c.issued_at, c.token, c.revoked_at, c.revoked_reason
        """

    static func certificate(_ row: Row) throws(PostgresError) -> Certificate {
        Certificate(
            id: try row.decode(at: 0), code: try row.decode(at: 1), enrollmentId: try row.decode(at: 2),
            userId: try row.decode(at: 3), courseId: try row.decode(at: 4), holderName: try row.decode(at: 5),
            courseTitle: try row.decode(at: 6), instructorName: try row.decode(at: 7),
            completedAt: try row.decode(at: 8), finalScore: try row.decode(at: 9), issuedAt: try row.decode(at: 10),
            token: try row.decode(at: 11), revokedAt: try row.decode(at: 12), revokedReason: try row.decode(at: 13))
    }
}
