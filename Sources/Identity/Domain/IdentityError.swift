import HTTP

/// The identity service's domain errors, each with its status and stable code.
public struct IdentityError: HTTPError, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case invalidCredentials, accountLocked(Int), accountDisabled, emailTaken, invalidCode
        case invalidRefreshToken, refreshTokenReused, invalidResetToken, wrongPassword, notAnInstructor
        case applicationDecided, cannotChangeOwnAccount, passwordHashingBusy(Int), learningUnavailable
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// Unknown e-mail or wrong password: one answer for both (401).
    public static let invalidCredentials = IdentityError(.invalidCredentials)
    /// Too many failed logins; try again after `retryAfterSeconds` (429).
    public static func accountLocked(retryAfterSeconds: Int) -> IdentityError {
        IdentityError(.accountLocked(max(1, retryAfterSeconds)))
    }
    /// The account is suspended or inactive (403).
    public static let accountDisabled = IdentityError(.accountDisabled)
    /// Another account has this e-mail address (409).
    public static let emailTaken = IdentityError(.emailTaken)
    /// The one-time code is wrong, expired, used or exhausted (400 on `otp`).
    public static let invalidCode = IdentityError(.invalidCode)
    /// The refresh token is unknown, expired or revoked (401).
    public static let invalidRefreshToken = IdentityError(.invalidRefreshToken)
    /// A refresh token was used twice: its whole family is now revoked (401).
    public static let refreshTokenReused = IdentityError(.refreshTokenReused)
    /// The password reset token is unknown, expired or used (400 on `token`).
    public static let invalidResetToken = IdentityError(.invalidResetToken)
    /// The current password given to confirm a change is wrong (400 on the password field).
    public static let wrongPassword = IdentityError(.wrongPassword)
    /// The user has no instructor application (409).
    public static let notAnInstructor = IdentityError(.notAnInstructor)
    /// The instructor application was already decided (409).
    public static let applicationDecided = IdentityError(.applicationDecided)
    /// Admins may not change their own role or status (409).
    public static let cannotChangeOwnAccount = IdentityError(.cannotChangeOwnAccount)

    /// Password hashing is at capacity; try again after `retryAfterSeconds` (503).
    public static func passwordHashingBusy(retryAfterSeconds: Int) -> IdentityError {
        IdentityError(.passwordHashingBusy(max(1, retryAfterSeconds)))
    }

    /// Learning cannot give its part of a data export right now (503).
    public static let learningUnavailable = IdentityError(.learningUnavailable)

    /// The response status.
    public var status: HTTPStatus {
        switch kind {
        case .invalidCredentials, .invalidRefreshToken, .refreshTokenReused: .unauthorized
        case .accountLocked: .tooManyRequests
        case .accountDisabled: .forbidden
        case .emailTaken, .notAnInstructor, .applicationDecided, .cannotChangeOwnAccount: .conflict
        case .invalidCode, .invalidResetToken, .wrongPassword: .badRequest
        case .passwordHashingBusy, .learningUnavailable: .serviceUnavailable
        }
    }

    /// The stable machine name.
    public var code: String {
        switch kind {
        case .invalidCredentials: "invalidCredentials"
        case .accountLocked: "accountLocked"
        case .accountDisabled: "accountDisabled"
        case .emailTaken: "emailTaken"
        case .invalidCode: "invalidCode"
        case .invalidRefreshToken: "invalidRefreshToken"
        case .refreshTokenReused: "refreshTokenReused"
        case .invalidResetToken: "invalidResetToken"
        case .wrongPassword: "wrongPassword"
        case .notAnInstructor: "notAnInstructor"
        case .applicationDecided: "applicationDecided"
        case .cannotChangeOwnAccount: "cannotChangeOwnAccount"
        case .passwordHashingBusy: "passwordHashingBusy"
        case .learningUnavailable: "learningUnavailable"
        }
    }

    /// A safe explanation.
    public var detail: String? {
        switch kind {
        case .invalidCredentials: "the e-mail address or password is wrong"
        case .accountLocked: "too many failed attempts; try again later"
        case .accountDisabled: "this account is not active"
        case .emailTaken: "an account with this e-mail address exists"
        case .invalidCode: "the code is wrong or has expired; request a new one"
        case .invalidRefreshToken: "the refresh token is not valid; log in again"
        case .refreshTokenReused: "the refresh token was already used; every session of this login is ended"
        case .invalidResetToken: "the reset link is not valid or has expired"
        case .wrongPassword: "the password is wrong"
        case .notAnInstructor: "this user has no instructor application"
        case .applicationDecided: "this application was already decided"
        case .cannotChangeOwnAccount: "administrators cannot change their own role or status"
        case .passwordHashingBusy: "too many sign-ins are being checked right now; try again shortly"
        case .learningUnavailable: "the learning part of the export cannot be read right now; try again shortly"
        }
    }

    /// The field a 400 is about.
    public var fieldErrors: [FieldError] {
        switch kind {
        case .invalidCode: [FieldError(field: "otp", message: "is wrong or has expired")]
        case .invalidResetToken: [FieldError(field: "token", message: "is not valid or has expired")]
        case .wrongPassword: [FieldError(field: "password", message: "is wrong")]
        default: []
        }
    }

    /// `Retry-After` for a locked account, busy hashing and an unavailable learning service.
    public var headers: HTTPHeaders {
        switch kind {
        case .accountLocked(let seconds), .passwordHashingBusy(let seconds): ["Retry-After": String(seconds)]
        case .learningUnavailable: ["Retry-After": "5"]
        default: [:]
        }
    }

    /// The status and code.
    public var description: String { "\(status.code) \(code)" }
}
