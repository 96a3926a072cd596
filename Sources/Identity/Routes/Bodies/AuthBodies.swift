import Crypto
import HTTP
import ServiceKit

/// Identity's own field checks, built from the kit's.
extension Checks {
    /// A person's name: not blank, at most 100 characters.
    static func name(_ value: String, _ field: String) -> [FieldError] {
        text(value, field, maximum: 100, required: true)
    }

    /// An e-mail address (`EmailAddress.isValid`), at most 254 characters.
    static func email(_ value: String, _ field: String = "email") -> [FieldError] {
        format(value, field, "email", maximum: 254, "is not a valid e-mail address", isValid: EmailAddress.isValid)
    }

    /// A new password by the policy, and its confirmation equal to it.
    static func newPassword(_ value: String, confirmation: String, field: String) -> [FieldError] {
        FieldRuleRecorder.note(field, .minLength(PasswordPolicy.minimumLength), .maxLength(PasswordPolicy.maximumLength))
        FieldRuleRecorder.note("confirmPassword", .minLength(PasswordPolicy.minimumLength), .maxLength(PasswordPolicy.maximumLength))
        var errors: [FieldError] = []
        do {
            try PasswordPolicy().validate(value)
        } catch {
            errors.append(FieldError(field: field, message: error.description))
        }
        if value != confirmation { errors.append(FieldError(field: "confirmPassword", message: "does not match")) }
        return errors
    }

    /// A sign-up code: six digits.
    static let codePattern = TextPattern("^[0-9]{6}$")
}

/// `POST /v1/auth/otp`.
struct CodeRequestBody: StrictDecodable {
    var email: String
    func validate() -> [FieldError] { Checks.email(email) }
}

/// `POST /v1/auth/signup`.
struct SignUpBody: StrictDecodable {
    /// Passwords are taken as typed, tabs included (only other control characters are refused).
    static var multilineFields: Set<String> { ["password", "confirmPassword"] }

    var firstName: String
    var lastName: String
    var email: String
    var password: String
    var confirmPassword: String
    var otp: String
    var accountType: String

    func validate() -> [FieldError] {
        var errors = Checks.name(firstName, "firstName") + Checks.name(lastName, "lastName") + Checks.email(email)
        errors += Checks.newPassword(password, confirmation: confirmPassword, field: "password")
        errors += Checks.matches(otp, "otp", Checks.codePattern, "must be 6 digits")
        errors += Checks.oneOf(accountType, "accountType", AccountType.self, ignoringCase: true)
        return errors
    }
}

/// `POST /v1/auth/login`.
struct LogInBody: StrictDecodable {
    /// Passwords are taken as typed, tabs included (only other control characters are refused).
    static var multilineFields: Set<String> { ["password"] }

    var email: String
    var password: String
    func validate() -> [FieldError] {
        Checks.present(email, "email", maximum: 254) + Checks.present(password, "password")
    }
}

/// `POST /v1/auth/refresh` and `/v1/auth/logout`.
struct RefreshBody: StrictDecodable {
    var refreshToken: String
    func validate() -> [FieldError] { Checks.present(refreshToken, "refreshToken", maximum: 128) }
}

/// `POST /v1/auth/password/forgot`.
struct ForgotPasswordBody: StrictDecodable {
    var email: String
    func validate() -> [FieldError] { Checks.email(email) }
}

/// `POST /v1/auth/password/reset`.
struct ResetPasswordBody: StrictDecodable {
    /// Passwords are taken as typed, tabs included (only other control characters are refused).
    static var multilineFields: Set<String> { ["password", "confirmPassword"] }

    var token: String
    var password: String
    var confirmPassword: String
    func validate() -> [FieldError] {
        Checks.present(token, "token", maximum: 128)
            + Checks.newPassword(password, confirmation: confirmPassword, field: "password")
    }
}

/// `POST /v1/auth/password/change`.
struct ChangePasswordBody: StrictDecodable {
    /// Passwords are taken as typed, tabs included (only other control characters are refused).
    static var multilineFields: Set<String> { ["currentPassword", "newPassword", "confirmPassword"] }

    var currentPassword: String
    var newPassword: String
    var confirmPassword: String
    func validate() -> [FieldError] {
        Checks.present(currentPassword, "currentPassword")
            + Checks.newPassword(newPassword, confirmation: confirmPassword, field: "newPassword")
    }
}
