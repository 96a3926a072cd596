import Contracts
import Foundation
import Postgres

/// Column lists and row decoders shared by the stores (column order matters to the decoders).
enum UserRows {
    static let userColumns: Query = """
        id, email, password_hash, first_name, last_name, role, status, is_instructor_approved, email_verified_at,
        image_url, failed_logins, locked_until, last_login_at, created_at, updated_at, deleted_at
        """

    /// The `updated_at` of a changed user: now, but always after the previous value, so the versions of one
    /// user's events (`updatedAt`) strictly increase, even for two changes in one transaction (one `now()`) or
    /// a transaction that started before the one whose change it follows.
    static let nextVersion: Query = "greatest(clock_timestamp(), updated_at + interval '1 microsecond')"

    static func user(_ row: Row) throws -> User {
        let role = try row.decode(Role.self, at: 5)
        let status = try row.decode(AccountStatus.self, at: 6)
        return User(
            id: try row.decode(at: 0), email: try row.decode(at: 1), passwordHash: try row.decode(at: 2),
            firstName: try row.decode(at: 3), lastName: try row.decode(at: 4), role: role, status: status,
            isInstructorApproved: try row.decode(at: 7), emailVerifiedAt: try row.decode(at: 8),
            imageURL: try row.decode(at: 9), failedLogins: try row.decode(at: 10), lockedUntil: try row.decode(at: 11),
            lastLoginAt: try row.decode(at: 12), createdAt: try row.decode(at: 13), updatedAt: try row.decode(at: 14),
            deletedAt: try row.decode(at: 15))
    }

    static let profileColumns: Query = """
        gender, date_of_birth, about, phone, address, website, social_links::text, notify_email,
        notify_course_updates, notify_marketing, language, timezone
        """

    static func profile(_ row: Row) throws -> Profile {
        let links = try row.decode(String.self, at: 6)
        let socialLinks = (try? JSONDecoder().decode([String: String].self, from: Data(links.utf8))) ?? [:]
        return Profile(
            gender: try row.decode(at: 0), dateOfBirth: try row.decode(at: 1), about: try row.decode(at: 2),
            phone: try row.decode(at: 3), address: try row.decode(at: 4), website: try row.decode(at: 5),
            socialLinks: socialLinks, notifyEmail: try row.decode(at: 7), notifyCourseUpdates: try row.decode(at: 8),
            notifyMarketing: try row.decode(at: 9), language: try row.decode(at: 10), timezone: try row.decode(at: 11))
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
