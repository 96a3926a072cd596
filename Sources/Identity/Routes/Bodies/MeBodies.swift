import Contracts
import Foundation
import HTTP
import ServiceKit

/// `PATCH /v1/me`: absent fields stay as they are.
struct AccountPatchBody: StrictDecodable {
    var firstName: String?
    var lastName: String?
    var image: String?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let firstName { errors += Checks.name(firstName, "firstName") }
        if let lastName { errors += Checks.name(lastName, "lastName") }
        if let image { errors += Checks.url(image, "image", relativePrefix: "/v1/") }
        return errors
    }
}

/// `PATCH /v1/me/profile`: absent fields stay, `null` clears one, a value sets it.
///
/// `""` also clears gender, dateOfBirth, about, phone, address and website, as it did before `null` did;
/// it is deprecated and stops clearing in a later release.
struct ProfilePatchBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["about", "address"] }

    var gender: Nullable<String>?
    var dateOfBirth: Nullable<String>?
    var about: Nullable<String>?
    var phone: Nullable<String>?
    var address: Nullable<String>?
    var website: Nullable<String>?
    var socialLinks: [String: String]?

    /// The form of a day of birth: `YYYY-MM-DD` from 1900, or empty (clears it, deprecated).
    static let dayPattern = TextPattern("^((19[0-9]{2}|20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?$")
    /// The form of a phone number, or empty (clears it, deprecated).
    static let phonePattern = TextPattern("^[0-9 +().-]{0,32}$")

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let gender = gender?.value { errors += Checks.text(gender, "gender", maximum: 32) }
        if let dateOfBirth = dateOfBirth?.value {
            let message = "must be a past date as YYYY-MM-DD"
            errors += Checks.matches(dateOfBirth, "dateOfBirth", Self.dayPattern, message)
            if !dateOfBirth.isEmpty, Self.dayPattern.matches(dateOfBirth),
                Timestamp.parseDay(dateOfBirth).map({ $0 >= Date() }) ?? true
            {
                errors.append(FieldError(field: "dateOfBirth", message: message))
            }
        }
        if let about = about?.value { errors += Checks.text(about, "about", maximum: 500) }
        if let phone = phone?.value {
            errors += Checks.matches(phone, "phone", Self.phonePattern, "is not a valid phone number")
        }
        if let address = address?.value { errors += Checks.text(address, "address", maximum: 300) }
        if let website = website?.value { errors += Checks.url(website, "website", orEmpty: true) }
        if let socialLinks {
            errors += Checks.count(socialLinks, "socialLinks", maximum: 10)
            errors += Checks.keys(socialLinks, "socialLinks", length: 1...32)
            for (name, link) in socialLinks.sorted(by: { $0.key < $1.key }) {
                errors += Checks.url(link, "socialLinks.\(name)")
            }
        }
        return errors
    }

    func applied(to profile: Profile) -> Profile {
        var profile = profile
        profile.gender = Self.emptyClearing(gender).patching(profile.gender)
        if let dateOfBirth = Self.emptyClearing(dateOfBirth) {
            profile.dateOfBirth = dateOfBirth.value.flatMap(Timestamp.parseDay)
        }
        profile.about = Self.emptyClearing(about).patching(profile.about)
        profile.phone = Self.emptyClearing(phone).patching(profile.phone)
        profile.address = Self.emptyClearing(address).patching(profile.address)
        profile.website = Self.emptyClearing(website).patching(profile.website)
        if let socialLinks { profile.socialLinks = socialLinks }
        return profile
    }

    /// `field` with `""` read as `null` (the deprecated way to clear).
    private static func emptyClearing(_ field: Nullable<String>?) -> Nullable<String>? {
        field?.value == "" ? .null : field
    }
}

/// `PATCH /v1/me/preferences`.
struct PreferencesPatchBody: StrictDecodable {
    /// The form of a preferred language.
    static let languagePattern = TextPattern("^[A-Za-z-]{1,16}$")
    /// The IANA time zones the system knows, and `UTC`.
    static let timeZones = Array(Set(TimeZone.knownTimeZoneIdentifiers + ["UTC"])).sorted()

    var notifyEmail: Bool?
    var notifyCourseUpdates: Bool?
    var notifyMarketing: Bool?
    var language: String?
    var timezone: String?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let language {
            errors += Checks.matches(
                language, "language", Self.languagePattern, "must be a language tag such as en or pt-BR")
        }
        if let timezone {
            errors += Checks.oneOf(timezone, "timezone", Self.timeZones).isEmpty
                ? [] : [FieldError(field: "timezone", message: "must be an IANA time zone such as Europe/Paris")]
        }
        return errors
    }

    func applied(to profile: Profile) -> Profile {
        var profile = profile
        profile.notifyEmail = notifyEmail ?? profile.notifyEmail
        profile.notifyCourseUpdates = notifyCourseUpdates ?? profile.notifyCourseUpdates
        profile.notifyMarketing = notifyMarketing ?? profile.notifyMarketing
        profile.language = language ?? profile.language
        profile.timezone = timezone ?? profile.timezone
        return profile
    }
}

/// `DELETE /v1/me`.
struct DeleteAccountBody: StrictDecodable {
    /// Passwords are taken as typed, tabs included (only other control characters are refused).
    static var multilineFields: Set<String> { ["password"] }

    var password: String
    func validate() -> [FieldError] { Checks.present(password, "password") }
}

/// `PATCH /v1/admin/users/{id}/role`.
struct RoleBody: StrictDecodable {
    var role: String
    func validate() -> [FieldError] { Checks.oneOf(role, "role", Role.self) }
}

/// `PATCH /v1/admin/users/{id}/status`.
struct StatusBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["reason"] }

    var status: String
    var reason: String?
    func validate() -> [FieldError] {
        var errors = Checks.oneOf(status, "status", AccountStatus.self)
        if let reason { errors += Checks.text(reason, "reason", maximum: 1000) }
        return errors
    }
}

/// `POST /v1/admin/users/{id}/instructor-application`.
struct DecisionBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["reason"] }

    var decision: String
    var reason: String
    func validate() -> [FieldError] {
        Checks.oneOf(decision, "decision", ["approve", "reject"])
            + Checks.text(reason, "reason", maximum: 1000, required: true)
    }
}
