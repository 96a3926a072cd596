import Foundation
import HTTP
import ServiceKit
import Time

/// A certificate as answers show it: what it certifies, whether it stands, and its signed form.
struct CertificateResponse: Codable, Sendable {
    var code: String
    /// `valid` or `revoked`.
    var status: String
    var holderName: String
    var courseId: String
    var courseTitle: String
    var instructorName: String
    var completedAt: String
    var finalScore: Int?
    var issuedAt: String
    var revokedAt: String?
    var revokedReason: String?
    /// The certificate as a compact JWS (EdDSA), verifiable offline against `/v1/certificates/jwks.json`.
    var token: String

    init(_ certificate: Certificate) {
        code = certificate.code
        status = certificate.revokedAt == nil ? "valid" : "revoked"
        holderName = certificate.holderName
        courseId = certificate.courseId.lowercased
        courseTitle = certificate.courseTitle
        instructorName = certificate.instructorName
        completedAt = RFC3339.milliseconds(certificate.completedAt)
        finalScore = certificate.finalScore
        issuedAt = RFC3339.milliseconds(certificate.issuedAt)
        revokedAt = RFC3339.milliseconds(certificate.revokedAt)
        revokedReason = certificate.revokedReason
        token = certificate.token
    }
}

/// `POST /v1/admin/certificates/{code}/revoke`: why.
struct RevokeCertificateBody: StrictDecodable, BodyExample {
    var reason: String

    func validate() -> [FieldError] { Checks.text(reason, "reason", maximum: 500, required: true) }

    static var example: String { #"{"reason":"Issued for another person's work."}"# }
}
