import Contracts
import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Billing

/// Billing's router over a fresh, migrated schema (the kit's `ServiceHarness`, whose key stands in for identity's).
typealias BillingHarness = ServiceHarness<BillingService>

extension ServiceHarness where S == BillingService {
    /// Runs `body` with a harness on its own schema, dropped afterwards. Catalog and learning are at `127.0.0.1:9`
    /// unless the settings say otherwise (a call fails, as when they are down).
    static func with<T>(
        settings adjust: (inout BillingSettings) -> Void = { _ in }, _ body: (BillingHarness) async throws -> T
    ) async throws -> T {
        var settings = BillingSettings()
        settings.catalogURL = "http://127.0.0.1:9"
        settings.learningURL = "http://127.0.0.1:9"
        adjust(&settings)
        return try await with(settings: settings) { parts in
            BillingService(
                context: parts.context, verifier: parts.verifier,
                providerClient: try BillingService.providerClient(settings, group: TestSchema.group))
        } _: {
            try await body($0)
        }
    }
}

@Suite("Billing's OpenAPI document")
struct BillingAPITests {
    @Test func theDocumentListsExactlyTheRoutesAndItsExamplesAreValid() async throws {
        try await BillingHarness.with { h in
            await h.checkDocument()
        }
    }
}

/// Catalog and learning, faked in one server for billing's tests: catalog's batch lookup answers `courses`, and
/// learning's enrollment query says the pairs in `owned` have access.
final class Shop: Sendable {
    let courses: Locked<[InternalCourse]>
    let owned: Locked<Set<String>>

    init(_ courses: [InternalCourse]) {
        self.courses = Locked(courses)
        owned = Locked([])
    }

    /// A published, public course of `price` minor units.
    static func course(
        price: Int? = 4900, currency: String = "USD", status: String = "published", isPublic: Bool = true,
        category: String? = nil, title: String = "Swift on the Server"
    ) -> InternalCourse {
        let id = UUIDv7Generator().next().lowercased
        return InternalCourse(
            id: id, slug: "course-" + id.prefix(8), title: title, status: status, isPublic: isPublic,
            instructorId: UUID().lowercased, instructorName: "Ada Lovelace", categoryId: category, price: price,
            originalPrice: nil, currency: currency, coverUrl: nil, lessonIds: [], lessonCount: 0,
            totalDurationSeconds: 0, sections: [], version: 1, publishedAt: nil, updatedAt: "2026-12-01T10:00:00.000Z")
    }

    /// Runs `body` with a harness whose catalog and learning are this shop (or, with `down`, unreachable).
    func with<T>(down: Bool = false, _ body: (BillingHarness, FakeService) async throws -> T) async throws -> T {
        try await FakeService.with("shop") { router, internalOnly in
            router.group("/internal/v1", middleware: [internalOnly]) { group in
                group.post("courses/batch") { request, _ in
                    let asked = try JSONDecoder().decode(InternalCourseBatchRequest.self, from: Data(request.body))
                    let known = self.courses.withLock { $0 }
                    return try .json(InternalCourseBatch(items: known.filter { asked.ids.contains($0.id) }))
                }
                group.get("enrollments") { request, _ in
                    let user = request.queryParameter("userId") ?? ""
                    let ids = (request.queryParameter("courseIds") ?? "").split(separator: ",").map(String.init)
                    let owned = self.owned.withLock { $0 }
                    let items = ids.filter { owned.contains(user + " " + $0) }.map {
                        ["courseId": $0, "hasAccess": true] as [String: Any]
                    }
                    return Response(
                        status: .ok, headers: ["Content-Type": "application/json"],
                        body: .bytes(Array(try JSONSerialization.data(withJSONObject: ["items": items]))))
                }
            }
        } _: { fake in
            try await BillingHarness.with(settings: {
                $0.catalogURL = down ? "http://127.0.0.1:9" : fake.url
                $0.learningURL = down ? "http://127.0.0.1:9" : fake.url
            }) { h in
                try await body(h, fake)
            }
        }
    }
}

extension ServiceHarness where S == BillingService {
    /// A new student and their token.
    func student() throws -> (UUID, String) {
        let id = UUIDv7Generator().next()
        return (id, try token(id, role: .student))
    }

    /// An admin's token.
    func admin() throws -> String { try token(UUIDv7Generator().next(), role: .admin) }

    /// A checkout body for `courses`, paid by `method`.
    static func checkout(_ courses: [String], method: String = "cash", code: String? = nil, country: String? = nil)
        -> [String: Any]
    {
        var body: [String: Any] = [
            "courseIds": courses, "method": method,
            "billingAddress": [
                "name": "Ada Lovelace", "email": "ada@example.com", "line1": "1 Analytical Way", "city": "London",
                "country": "GB",
            ],
        ]
        if let code { body["discountCode"] = code }
        if let country { body["country"] = country }
        return body
    }

    /// `POST /v1/checkout` with a fresh idempotency key (or `key`).
    func checkout(_ body: [String: Any], token: String, key: String = UUID().uuidString) async -> Reply {
        await checkout(bytes: Array(try! JSONSerialization.data(withJSONObject: body)), token: token, key: key)
    }

    /// `POST /v1/checkout` of exactly `bytes` (a retry sends the same bytes: a dictionary's keys may come out in
    /// another order each time it is serialized).
    func checkout(bytes: [UInt8], token: String, key: String) async -> Reply {
        await send(
            Request(
                method: .post, target: "/v1/checkout",
                headers: ["Content-Type": "application/json", "Authorization": "Bearer " + token, "Idempotency-Key": key],
                body: bytes))
    }

    /// The topics and payloads in the outbox, oldest first.
    func outbox() async throws -> [(String, [String: Any])] {
        try await pool.query("SELECT topic, payload::text FROM outbox ORDER BY id").decode((String, String).self).map {
            ($0.0, (try? JSONSerialization.jsonObject(with: Data($0.1.utf8))) as? [String: Any] ?? [:])
        }
    }

    /// One number from SQL.
    func count(_ sql: Query) async throws -> Int { try await pool.query(sql)[0].decode(Int.self, at: 0) }
}
