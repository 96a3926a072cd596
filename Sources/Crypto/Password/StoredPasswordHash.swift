/// The self-describing stored form of a password hash: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`.
///
/// Salt and hash are unpadded base64url (RFC 4648 §5), the encoding the rest of this module uses; the string holds
/// no `/`, `+` or `=`, so it is safe in URLs, logs and CSV alike.
struct StoredPasswordHash: Sendable, Equatable {
    static let identifier = "scrypt"
    static let saltLength = 16
    static let keyLength = 32
    private static let acceptedSaltLengths = 8...64
    private static let acceptedKeyLengths = 16...64

    let parameters: ScryptParameters
    let salt: [UInt8]
    let key: [UInt8]

    init(parameters: ScryptParameters, salt: [UInt8], key: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.key = key
    }

    /// Parses a stored hash.
    /// - Throws: `CryptoError.malformedPasswordHash` for anything but the exact format with supported values.
    init(parsing text: String) throws {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == Self.identifier,
            let parameters = try? ScryptParameters(parsing: fields[2]),
            let salt = try? Base64URL.decode(fields[3]), Self.acceptedSaltLengths.contains(salt.count),
            let key = try? Base64URL.decode(fields[4]), Self.acceptedKeyLengths.contains(key.count)
        else {
            throw CryptoError.malformedPasswordHash
        }
        self.init(parameters: parameters, salt: salt, key: key)
    }

    /// Whether this hash should be replaced under `policy`: weaker cost, or a shorter salt or key than we now make.
    func needsRehash(under policy: ScryptParameters) -> Bool {
        parameters.isWeaker(than: policy) || salt.count < Self.saltLength || key.count < Self.keyLength
    }

    /// The stored form.
    var encoded: String {
        "$\(Self.identifier)$\(parameters)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }
}
