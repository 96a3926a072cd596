import Foundation

/// The rules a new password must meet (NIST SP 800-63B): a length range and a block list, with no composition
/// rules (no "one digit, one symbol").
///
/// Length counts Unicode code points of the NFC-normalized password, as SP 800-63B §5.1.1.2 asks, so "é" typed
/// as one or two code points counts once.
public struct PasswordPolicy: Sendable {
    /// The fewest characters allowed.
    public static let minimumLength = 8
    /// The most characters allowed.
    public static let maximumLength = 128

    private let commonPasswords: CommonPasswords

    /// Creates a policy that rejects passwords on `commonPasswords` (by default the shipped list).
    public init(commonPasswords: CommonPasswords = .builtIn) {
        self.commonPasswords = commonPasswords
    }

    /// Returns `password` in Unicode NFC, the form that is hashed, so every keyboard produces the same bytes.
    public static func normalized(_ password: String) -> String {
        password.precomposedStringWithCanonicalMapping
    }

    /// Checks a new password and returns its normalized form.
    /// - Throws: `PasswordRejection` naming the first rule broken.
    @discardableResult
    public func validate(_ password: String) throws(PasswordRejection) -> String {
        let normalized = Self.normalized(password)
        let length = normalized.unicodeScalars.count
        if length < Self.minimumLength { throw .tooShort }
        if length > Self.maximumLength { throw .tooLong }
        if commonPasswords.contains(normalized) { throw .tooCommon }
        return normalized
    }
}
