import Contracts
import Crypto
import Foundation
import Postgres

/// `identity create-admin` and `identity seed`: the only ways an administrator comes to exist.
struct AccountCommands: Sendable {
    let service: IdentityService

    /// Creates an administrator (or promotes nothing: an existing address is an error). Returns the id.
    func createAdmin(email: String, password: String, firstName: String, lastName: String) async throws -> UUID {
        guard EmailAddress.isValid(email) else { throw CommandFailure("not a valid e-mail address: \(email)") }
        do {
            try PasswordPolicy().validate(password)
        } catch {
            throw CommandFailure("password: \(error.description)")
        }
        let hash = try await service.hasher.hash(password)
        let account = UserStore.NewAccount(
            email: email, passwordHash: hash, firstName: firstName, lastName: lastName, role: .admin,
            isEmailVerified: true)
        return try await service.pool.withTransaction { connection in
            let user = try await service.users.create(account, on: connection)
            try await service.admin.audit(
                actor: nil, action: "admin.create", target: user.id, details: ["via": "command line"], on: connection)
            return user.id
        }
    }

    /// `create-admin --email E [--first-name F] [--last-name L]`, the password from `IDENTITY_ADMIN_PASSWORD`;
    /// returns the line to print.
    func createAdmin(arguments: [String], environment: [String: String]) async throws -> String {
        var options: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count, arguments[index].hasPrefix("--") {
            options[String(arguments[index].dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        guard index == arguments.count, let email = options["email"],
            let password = environment["IDENTITY_ADMIN_PASSWORD"]
        else {
            throw CommandFailure(
                "usage: create-admin --email E [--first-name F] [--last-name L], with IDENTITY_ADMIN_PASSWORD set")
        }
        let id = try await createAdmin(
            email: email, password: password, firstName: options["first-name"] ?? "Admin",
            lastName: options["last-name"] ?? "User")
        return "created administrator \(id.lowercased)\n"
    }

    /// Creates the demo accounts unless they exist: an admin, an approved instructor, a student.
    func seed(adminEmail: String, password: String) async throws -> [String] {
        var created: [String] = []
        let people: [(String, String, String, Role)] = [
            (adminEmail, "Ada", "Admin", .admin),
            ("instructor@campus.localhost", "Ivy", "Instructor", .instructor),
            ("student@campus.localhost", "Sam", "Student", .student),
        ]
        for (email, first, last, role) in people where try await service.users.find(email: email) == nil {
            let hash = try await service.hasher.hash(password)
            try await service.pool.withTransaction { connection in
                let user = try await service.users.create(
                    UserStore.NewAccount(
                        email: email, passwordHash: hash, firstName: first, lastName: last, role: role,
                        isEmailVerified: true), on: connection)
                if role == .instructor {
                    try await connection.execute(
                        "UPDATE instructor_applications SET status = 'approved', reason = 'seed', decided_at = now() WHERE user_id = \(user.id)"
                    )
                    let approved = try await connection.query(
                        """
                        UPDATE users SET is_instructor_approved = true, updated_at = \(UserRows.nextVersion)
                        WHERE id = \(user.id) RETURNING \(UserRows.userColumns)
                        """
                    ).map(UserRows.user)
                    try await UserEvents(ids: service.ids).userChanged(approved[0], on: connection)
                }
            }
            created.append(email)
        }
        return created
    }
}

/// A command that could not do its job; the message is printed.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
