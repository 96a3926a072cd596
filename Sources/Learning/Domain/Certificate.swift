import Crypto
import Foundation

/// A certificate of completion: what it says is fixed when it is issued (and signed in `token`); only its
/// revocation changes later.
struct Certificate: Sendable, Equatable {
    var id: UUID
    /// The public verification code (`CertificateCode`).
    var code: String
    var enrollmentId: UUID
    var userId: UUID
    var courseId: UUID
    var holderName: String
    var courseTitle: String
    var instructorName: String
    var completedAt: Date
    var finalScore: Int?
    var issuedAt: Date
    /// The compact JWS of `CertificateClaims`, signed with learning's key.
    var token: String
    var revokedAt: Date?
    var revokedReason: String?

    /// The reason written when a refund takes the course back.
    static let refundReason = "refunded"
}

/// What a certificate's JWS says (its payload): registered claims `iss`, `sub` (the code), `iat`, `jti` (the
/// certificate's id), and the certificate itself.
struct CertificateClaims: Codable, Sendable, Equatable {
    /// The JWS `typ` of certificates.
    static let type = "campus-certificate+jwt"

    var iss: String
    var sub: String
    var iat: Int
    var jti: String
    var name: String
    var courseId: String
    var courseTitle: String
    var instructorName: String
    var completedAt: String
    var finalScore: Int?
}

/// Certificate codes: 120 random bits in RFC 4648 base32, six groups of four (`ABCD-EFGH-…`), so they can be
/// read aloud and typed; lookups accept any case, spaces and dashes.
enum CertificateCode {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// A new code from the system's secure random source.
    static func generate() -> String {
        format(SecureRandom.bytes(count: 15))
    }

    /// The code of 15 random bytes.
    static func format(_ bytes: [UInt8]) -> String {
        precondition(bytes.count == 15)
        var characters: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                characters.append(alphabet[(buffer >> bits) & 31])
            }
        }
        return stride(from: 0, to: 24, by: 4).map { String(decoding: characters[$0..<$0 + 4], as: UTF8.self) }
            .joined(separator: "-")
    }

    /// `text` as a stored code, or `nil` when it cannot be one.
    static func normalized(_ text: String) -> String? {
        guard text.utf8.count <= 64 else { return nil }
        let characters = text.uppercased().utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") }
        guard characters.count == 24, characters.allSatisfy(alphabet.contains) else { return nil }
        return stride(from: 0, to: 24, by: 4).map { String(decoding: characters[$0..<$0 + 4], as: UTF8.self) }
            .joined(separator: "-")
    }
}
