import Contracts
import Foundation

/// A row of `users`, as the service works with it.
public struct User: Sendable, Equatable {
    /// The id (UUIDv7).
    public var id: UUID
    /// The e-mail address as given at sign-up.
    public var email: String
    /// The scrypt hash of the password.
    public var passwordHash: String
    /// The first name.
    public var firstName: String
    /// The last name.
    public var lastName: String
    /// The role.
    public var role: Role
    /// The status.
    public var status: AccountStatus
    /// Whether an instructor is approved to publish.
    public var isInstructorApproved: Bool
    /// When the e-mail address was proven by a code.
    public var emailVerifiedAt: Date?
    /// The avatar URL (the default is served by identity).
    public var imageURL: String?
    /// Failed logins since the last success or lock.
    public var failedLogins: Int
    /// Logins are refused until then.
    public var lockedUntil: Date?
    /// The last successful login.
    public var lastLoginAt: Date?
    /// When the account was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// When the user deleted it (personal data is erased after the grace period).
    public var deletedAt: Date?

    /// Whether the account may log in and use tokens.
    public var isUsable: Bool { status == .active && deletedAt == nil }
}

/// The profile and preferences of a user (`profiles`).
public struct Profile: Sendable, Equatable {
    /// The gender, free text.
    public var gender: String?
    /// The date of birth.
    public var dateOfBirth: Date?
    /// A short biography (≤ 500 characters).
    public var about: String?
    /// A phone number.
    public var phone: String?
    /// A postal address.
    public var address: String?
    /// A personal website.
    public var website: String?
    /// Links by network name, e.g. `{"github": "https://github.com/…"}`.
    public var socialLinks: [String: String]
    /// Whether to receive account e-mail.
    public var notifyEmail: Bool
    /// Whether to receive course update e-mail.
    public var notifyCourseUpdates: Bool
    /// Whether to receive marketing e-mail.
    public var notifyMarketing: Bool
    /// The interface language (BCP 47).
    public var language: String
    /// The IANA time zone.
    public var timezone: String
}
