/// Why a new password does not meet `PasswordPolicy`.
public struct PasswordRejection: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: String, Sendable, Equatable {
        case tooShort = "password_too_short"
        case tooLong = "password_too_long"
        case tooCommon = "password_too_common"
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Fewer than `PasswordPolicy.minimumLength` characters after normalization.
    public static let tooShort = PasswordRejection(.tooShort)
    /// More than `PasswordPolicy.maximumLength` characters after normalization.
    public static let tooLong = PasswordRejection(.tooLong)
    /// On the list of common passwords.
    public static let tooCommon = PasswordRejection(.tooCommon)

    /// A stable machine-readable code, e.g. `password_too_short`.
    public var code: String { kind.rawValue }

    /// A short explanation that is safe to show to a client.
    public var description: String {
        switch kind {
        case .tooShort:
            "the password must have at least \(PasswordPolicy.minimumLength) characters"
        case .tooLong:
            "the password must have at most \(PasswordPolicy.maximumLength) characters"
        case .tooCommon:
            "the password is too common; choose one that is harder to guess"
        }
    }
}
