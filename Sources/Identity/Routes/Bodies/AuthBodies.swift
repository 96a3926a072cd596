import Crypto
import HTTP

/// Field checks shared by the request bodies.
enum Checks {
    static func name(_ value: String, _ field: String) -> [FieldError] {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return [FieldError(field: field, message: "is required")] }
        if trimmed.count > 100 { return [FieldError(field: field, message: "must be at most 100 characters")] }
        return []
    }

    static func email(_ value: String, _ field: String = "email") -> [FieldError] {
        EmailAddress.isValid(value.trimmingCharacters(in: .whitespaces))
            ? [] : [FieldError(field: field, message: "is not a valid e-mail address")]
    }

    static func newPassword(_ value: String, confirmation: String, field: String) -> [FieldError] {
        var errors: [FieldError] = []
        do {
            try PasswordPolicy().validate(value)
        } catch {
            errors.append(FieldError(field: field, message: error.description))
        }
        if value != confirmation { errors.append(FieldError(field: "confirmPassword", message: "does not match")) }
        return errors
    }

    static func present(_ value: String, _ field: String, maximum: Int = 1024) -> [FieldError] {
        if value.isEmpty { return [FieldError(field: field, message: "is required")] }
        if value.utf8.count > maximum { return [FieldError(field: field, message: "is too long")] }
        return []
    }
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
        if otp.count != 6 || !otp.allSatisfy({ $0.isASCII && $0.isNumber }) {
            errors.append(FieldError(field: "otp", message: "must be 6 digits"))
        }
        if AccountType(matching: accountType) == nil {
            errors.append(FieldError(field: "accountType", message: "must be student or instructor"))
        }
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
