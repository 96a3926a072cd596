import Contracts
import Crypto
import Foundation
import Logging
import ServiceKit
import Time

/// Issues the certificates that completions requested: the holder's name from identity, the course's title and
/// instructor from learning's copy, signed with learning's key. It runs right after a request completes an
/// enrollment, and as a periodic sweep of every request left (identity was unreachable, the process died
/// between the two), so each completed enrollment gets exactly one certificate.
struct CertificateIssuer: Sendable {
    let store: CertificateStore
    let identity: IdentityUsers
    let signer: JWSSigner
    let issuer: String
    let ids: UUIDv7Generator
    let logger: Logger

    /// Issues the certificate `enrollment` requested, if it still awaits one; returns it.
    @discardableResult
    func issue(_ enrollment: UUID) async throws -> Certificate? {
        guard let (enrollment, course) = try await store.subject(enrollment) else { return nil }
        guard let holder = try await identity.user(id: enrollment.userId), !holder.isDeleted else {
            // The holder is gone (their erasure follows): there is no one to certify.
            try await store.dropRequest(enrollment.id)
            return nil
        }
        let id = ids.next()
        let code = CertificateCode.generate()
        let issuedAt = Date()
        let completedAt = enrollment.completedAt ?? issuedAt
        let claims = CertificateClaims(
            iss: issuer, sub: code, iat: Int(issuedAt.timeIntervalSince1970), jti: id.lowercased,
            name: holder.state.displayName, courseId: course.courseId.lowercased, courseTitle: course.title,
            instructorName: course.instructorName, completedAt: RFC3339.milliseconds(completedAt),
            finalScore: enrollment.finalScore)
        return try await store.store(
            Certificate(
                id: id, code: code, enrollmentId: enrollment.id, userId: enrollment.userId, courseId: course.courseId,
                holderName: claims.name, courseTitle: course.title, instructorName: course.instructorName,
                completedAt: completedAt, finalScore: enrollment.finalScore, issuedAt: issuedAt,
                token: try signer.sign(claims, type: CertificateClaims.type)))
    }

    /// Issues the certificate of `enrollment` right after its completion; a failure is left to the sweep.
    func issueSoon(_ enrollment: UUID) async {
        do {
            try await issue(enrollment)
        } catch {
            logger.warning(
                "certificate not issued yet", ["enrollment": enrollment.lowercased, "error": "\(error)"])
        }
    }

    /// The sweep: every `interval`, the requests left.
    func job(interval: Duration) -> PeriodicJob {
        PeriodicJob(name: "certificates", interval: interval, logger: logger) {
            let requested = try await store.requested(limit: 50)
            for enrollment in requested { try await issue(enrollment) }
            return requested.count == 50 ? .moreWork : .idle
        }
    }
}
