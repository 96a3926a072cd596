import Contracts
import Foundation
import HTTP
import Logging
import ServiceKit
import Synchronization
import TestSupport

/// Identity's internal user lookups (`GET /internal/v1/users/{id}` and `?email=`), served on 127.0.0.1 from a
/// fixed list, behind the same service-credential check identity uses; counts the lookups it answers.
final class FakeIdentity: Sendable {
    let server: Server
    let counter: LookupCounter

    var url: String { "http://127.0.0.1:\(server.port)" }
    var lookupCount: Int { counter.value }

    private init(server: Server, counter: LookupCounter) {
        self.server = server
        self.counter = counter
    }

    /// Runs `body` with identity answering for `users` (with their e-mail addresses); stops it afterwards.
    static func with<T>(users: [(email: String, user: InternalUser)], _ body: (FakeIdentity) async throws -> T)
        async throws -> T
    {
        let box = LookupCounter()
        var router = Router(logger: Logger(service: "identity", minimumLevel: .error))
        let credential = ServiceConfiguration(service: "identity", databaseURL: "postgres://unused").credential
        router.group("/internal/v1/users", middleware: [InternalOnlyMiddleware(credential: credential)]) { group in
            group.get(":id") { _, context in
                box.increment()
                guard let entry = users.first(where: { $0.user.id == context.parameters["id"] }) else {
                    throw ServiceError.notFound
                }
                return try .json(entry.user)
            }
            group.get("") { request, _ in
                box.increment()
                guard let email = request.queryParameter("email"),
                    let entry = users.first(where: { $0.email == email })
                else { throw ServiceError.notFound }
                return try .json(entry.user)
            }
        }
        let server = Server(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: router.buildResponder(),
            eventLoopGroup: TestSchema.group)
        try server.start()
        let identity = FakeIdentity(server: server, counter: box)
        do {
            let value = try await body(identity)
            await server.shutdown()
            return value
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// A user as identity answers for them.
    static func user(
        _ id: UUID = UUID(), first: String, last: String, role: String = "instructor", deleted: Bool = false
    )
        -> InternalUser
    {
        InternalUser(
            id: id.uuidString.lowercased(),
            state: UserChanged(
                id: id.uuidString.lowercased(), firstName: first, lastName: last, imageURL: nil, role: role,
                status: "active", isInstructorApproved: true, updatedAt: "2026-11-21T10:00:00.000000Z"),
            isDeleted: deleted)
    }
}

/// How many lookups the fake identity answered, shared with its route handlers.
final class LookupCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
