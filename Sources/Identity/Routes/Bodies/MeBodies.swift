import Foundation
import HTTP

/// `PATCH /v1/me`: absent fields stay as they are.
struct AccountPatchBody: StrictDecodable {
    var firstName: String?
    var lastName: String?
    var image: String?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let firstName { errors += Checks.name(firstName, "firstName") }
        if let lastName { errors += Checks.name(lastName, "lastName") }
        if let image, !ProfilePatchBody.isURL(image, allowsRelative: true) {
            errors.append(FieldError(field: "image", message: "must be an http(s) URL"))
        }
        return errors
    }
}

/// `PATCH /v1/me/profile`: absent fields stay, empty strings clear.
struct ProfilePatchBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["about", "address"] }

    var gender: String?
    var dateOfBirth: String?
    var about: String?
    var phone: String?
    var address: String?
    var website: String?
    var socialLinks: [String: String]?

    static func isURL(_ text: String, allowsRelative: Bool = false) -> Bool {
        if allowsRelative, text.hasPrefix("/v1/") { return text.count <= 2048 }
        guard text.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host != nil
        else { return false }
        return true
    }

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let gender, gender.count > 32 { errors.append(FieldError(field: "gender", message: "is too long")) }
        if let dateOfBirth, !dateOfBirth.isEmpty {
            if let date = Timestamp.parseDay(dateOfBirth), date < Date(),
                date > Date(timeIntervalSince1970: -2_208_988_800)
            {
            } else {
                errors.append(FieldError(field: "dateOfBirth", message: "must be a past date as YYYY-MM-DD"))
            }
        }
        if let about, about.count > 500 {
            errors.append(FieldError(field: "about", message: "must be at most 500 characters"))
        }
        if let phone, !phone.isEmpty,
            phone.count > 32 || !phone.allSatisfy({ $0.isNumber || " +-().".contains($0) })
        {
            errors.append(FieldError(field: "phone", message: "is not a valid phone number"))
        }
        if let address, address.count > 300 { errors.append(FieldError(field: "address", message: "is too long")) }
        if let website, !website.isEmpty, !Self.isURL(website) {
            errors.append(FieldError(field: "website", message: "must be an http(s) URL"))
        }
        if let socialLinks {
            if socialLinks.count > 10 { errors.append(FieldError(field: "socialLinks", message: "at most 10 links")) }
            for (name, link) in socialLinks.sorted(by: { $0.key < $1.key }) {
                if name.isEmpty || name.count > 32 || !Self.isURL(link) {
                    errors.append(FieldError(field: "socialLinks.\(name)", message: "must be an http(s) URL"))
                }
            }
        }
        return errors
    }

    func applied(to profile: Profile) -> Profile {
        func value(_ new: String?, _ old: String?) -> String? {
            guard let new else { return old }
            return new.isEmpty ? nil : new
        }
        var profile = profile
        profile.gender = value(gender, profile.gender)
        if let dateOfBirth { profile.dateOfBirth = dateOfBirth.isEmpty ? nil : Timestamp.parseDay(dateOfBirth) }
        profile.about = value(about, profile.about)
        profile.phone = value(phone, profile.phone)
        profile.address = value(address, profile.address)
        profile.website = value(website, profile.website)
        if let socialLinks { profile.socialLinks = socialLinks }
        return profile
    }
}

/// `PATCH /v1/me/preferences`.
struct PreferencesPatchBody: StrictDecodable {
    var notifyEmail: Bool?
    var notifyCourseUpdates: Bool?
    var notifyMarketing: Bool?
    var language: String?
    var timezone: String?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let language,
            language.isEmpty || language.count > 16
                || !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") })
        {
            errors.append(FieldError(field: "language", message: "must be a language tag such as en or pt-BR"))
        }
        if let timezone, TimeZone(identifier: timezone) == nil {
            errors.append(FieldError(field: "timezone", message: "must be an IANA time zone such as Europe/Paris"))
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
    func validate() -> [FieldError] {
        Role(rawValue: role) == nil ? [FieldError(field: "role", message: "must be admin, instructor or student")] : []
    }
}

/// `PATCH /v1/admin/users/{id}/status`.
struct StatusBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["reason"] }

    var status: String
    var reason: String?
    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if AccountStatus(rawValue: status) == nil {
            errors.append(FieldError(field: "status", message: "must be active, inactive or suspended"))
        }
        if let reason, reason.count > 1000 { errors.append(FieldError(field: "reason", message: "is too long")) }
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
        var errors: [FieldError] = []
        if decision != "approve" && decision != "reject" {
            errors.append(FieldError(field: "decision", message: "must be approve or reject"))
        }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty || reason.count > 1000 {
            errors.append(FieldError(field: "reason", message: "is required (at most 1000 characters)"))
        }
        return errors
    }
}
