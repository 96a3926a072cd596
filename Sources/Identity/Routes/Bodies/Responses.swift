import Foundation

/// The account as its owner and admins see it.
struct AccountResponse: Codable, Sendable {
    var id: String
    var email: String
    var firstName: String
    var lastName: String
    var role: String
    var status: String
    var isInstructorApproved: Bool
    var image: String?
    var emailVerifiedAt: String?
    var lastLoginAt: String?
    var createdAt: String
    var updatedAt: String

    init(_ user: User) {
        id = user.id.lowercased
        email = user.email
        firstName = user.firstName
        lastName = user.lastName
        role = user.role.rawValue
        status = user.status.rawValue
        isInstructorApproved = user.isInstructorApproved
        image = user.imageURL
        emailVerifiedAt = Timestamp.string(user.emailVerifiedAt)
        lastLoginAt = Timestamp.string(user.lastLoginAt)
        createdAt = Timestamp.string(user.createdAt)
        updatedAt = Timestamp.string(user.updatedAt)
    }
}

/// The profile part of `/v1/me`.
struct ProfileResponse: Codable, Sendable {
    var gender: String?
    var dateOfBirth: String?
    var about: String?
    var phone: String?
    var address: String?
    var website: String?
    var socialLinks: [String: String]

    init(_ profile: Profile) {
        gender = profile.gender
        dateOfBirth = Timestamp.day(profile.dateOfBirth)
        about = profile.about
        phone = profile.phone
        address = profile.address
        website = profile.website
        socialLinks = profile.socialLinks
    }
}

/// The preferences part of `/v1/me`.
struct PreferencesResponse: Codable, Sendable {
    var notifyEmail: Bool
    var notifyCourseUpdates: Bool
    var notifyMarketing: Bool
    var language: String
    var timezone: String

    init(_ profile: Profile) {
        notifyEmail = profile.notifyEmail
        notifyCourseUpdates = profile.notifyCourseUpdates
        notifyMarketing = profile.notifyMarketing
        language = profile.language
        timezone = profile.timezone
    }
}

/// `GET /v1/me`.
struct MeResponse: Codable, Sendable {
    var account: AccountResponse
    var profile: ProfileResponse
    var preferences: PreferencesResponse
}

/// A token pair (login, refresh, password change).
struct SessionResponse: Codable, Sendable {
    var accessToken: String
    var refreshToken: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var user: AccountResponse
}

/// `GET /v1/users/{id}`.
struct PublicProfileResponse: Codable, Sendable {
    var id: String
    var firstName: String
    var lastName: String
    var image: String?
    var role: String
    var about: String?
}

/// A plain acknowledgement.
struct MessageResponse: Codable, Sendable {
    var message: String
}
