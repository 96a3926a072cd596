import Foundation

/// The claims of a Campus access token: the registered claims of RFC 7519 §4.1 plus `role` and `approved`.
///
/// Times are encoded as NumericDate (whole seconds since 1970); `aud` is a string when there is one audience and
/// an array otherwise, and either form is accepted.
public struct JWTClaims: Sendable, Equatable, Codable {
    /// `iss`: who issued the token, e.g. `https://campus.example/identity`.
    public var issuer: String?
    /// `sub`: the user id (a UUIDv7 string).
    public var subject: String?
    /// `aud`: who the token is meant for.
    public var audience: [String]?
    /// `exp`: when the token stops being valid.
    public var expiresAt: Date?
    /// `nbf`: when the token starts being valid.
    public var notBefore: Date?
    /// `iat`: when the token was issued.
    public var issuedAt: Date?
    /// `jti`: a unique id for this token.
    public var id: String?
    /// `role`: the user's role, e.g. `student`, `instructor`, `admin`.
    public var role: String?
    /// `approved`: whether an instructor has been approved to publish.
    public var isApproved: Bool?

    /// Creates a set of claims; every claim is optional.
    public init(
        issuer: String? = nil,
        subject: String? = nil,
        audience: [String]? = nil,
        expiresAt: Date? = nil,
        notBefore: Date? = nil,
        issuedAt: Date? = nil,
        id: String? = nil,
        role: String? = nil,
        isApproved: Bool? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.id = id
        self.role = role
        self.isApproved = isApproved
    }

    private enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case subject = "sub"
        case audience = "aud"
        case expiresAt = "exp"
        case notBefore = "nbf"
        case issuedAt = "iat"
        case id = "jti"
        case role
        case isApproved = "approved"
    }

    /// Decodes claims from a JWT payload.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decodeIfPresent(String.self, forKey: .issuer)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        if let single = try? container.decodeIfPresent(String.self, forKey: .audience) {
            audience = [single]
        } else {
            audience = try container.decodeIfPresent([String].self, forKey: .audience)
        }
        expiresAt = try Self.decodeDate(container, .expiresAt)
        notBefore = try Self.decodeDate(container, .notBefore)
        issuedAt = try Self.decodeDate(container, .issuedAt)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        isApproved = try container.decodeIfPresent(Bool.self, forKey: .isApproved)
    }

    /// Encodes claims as a JWT payload, leaving out absent ones.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(issuer, forKey: .issuer)
        try container.encodeIfPresent(subject, forKey: .subject)
        if let audience, audience.count == 1 {
            try container.encode(audience[0], forKey: .audience)
        } else {
            try container.encodeIfPresent(audience, forKey: .audience)
        }
        try container.encodeIfPresent(expiresAt.map(Self.numericDate), forKey: .expiresAt)
        try container.encodeIfPresent(notBefore.map(Self.numericDate), forKey: .notBefore)
        try container.encodeIfPresent(issuedAt.map(Self.numericDate), forKey: .issuedAt)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encodeIfPresent(isApproved, forKey: .isApproved)
    }

    private static func numericDate(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    private static func decodeDate(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let seconds = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard seconds.isFinite, abs(seconds) < 1e11 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "date out of range")
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
