import Contracts
import Foundation
import HTTP
import Postgres

@testable import Catalog

/// Helpers that make categories, courses and curricula through the API, and read what catalog announced.
extension CatalogHarness {
    /// An admin's token.
    func adminToken() throws -> String { try token(UUID(), role: .admin) }

    /// A known, approved instructor (named `first last`) and their token.
    func instructorToken(first: String = "Ada", last: String = "Lovelace") async throws -> (UUID, String) {
        let id = try await instructor(first: first, last: last)
        return (id, try token(id, role: .instructor))
    }

    /// Creates a category as an admin; returns its id.
    func category(_ name: String = "Programming", slug: String? = nil) async throws -> String {
        var json: [String: Any] = ["name": name]
        if let slug { json["slug"] = slug }
        let reply = await send(.post, "/v1/categories", json: json, token: try adminToken())
        guard reply.status == 201, let id = reply["id"] as? String else {
            throw HarnessFailure("category: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Creates a draft with `json` (a title at least); returns its id.
    func draft(_ token: String, _ json: [String: Any] = ["title": "Swift on the Server"]) async throws -> String {
        let reply = await send(.post, "/v1/courses", json: json, token: token)
        guard reply.status == 201, let id = reply["id"] as? String else {
            throw HarnessFailure("draft: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Adds a section; returns its id.
    func section(_ course: String, _ token: String, title: String = "Basics") async throws -> String {
        let reply = await send(.post, "/v1/courses/\(course)/sections", json: ["title": title], token: token)
        guard reply.status == 201, let id = reply["id"] as? String else {
            throw HarnessFailure("section: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Adds a lesson to a section; returns its id.
    func lesson(
        _ course: String, section: String, _ token: String, title: String = "Hello", duration: Int = 60,
        extra: [String: Any] = [:]
    ) async throws -> String {
        var json: [String: Any] = ["title": title, "type": "video", "durationSeconds": duration]
        json.merge(extra) { _, new in new }
        let reply = await send(.post, "/v1/courses/\(course)/sections/\(section)/lessons", json: json, token: token)
        guard reply.status == 201, let id = reply["id"] as? String else {
            throw HarnessFailure("lesson: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// A draft ready to submit: category, price, a section with a lesson. Returns its id.
    func readyDraft(_ token: String, title: String = "Swift on the Server", price: Int = 1999) async throws -> String {
        let category = try await category("Category \(UUID().uuidString.prefix(8))")
        let course = try await draft(token, ["title": title, "categoryId": category, "price": price])
        let section = try await section(course, token)
        _ = try await lesson(course, section: section, token)
        return course
    }

    /// A published course (submitted by its owner, approved by an admin). Returns its id.
    func publishedCourse(_ token: String, title: String = "Swift on the Server") async throws -> String {
        let course = try await readyDraft(token, title: title)
        let submitted = await send(.post, "/v1/courses/\(course)/submit", token: token)
        guard submitted.status == 200 else { throw HarnessFailure("submit: \(submitted.status) \(submitted.text)") }
        let approved = await send(.post, "/v1/courses/\(course)/approve", token: try adminToken())
        guard approved.status == 200 else { throw HarnessFailure("approve: \(approved.status) \(approved.text)") }
        return course
    }

    /// The course's current version, as stored.
    func version(_ course: String) async throws -> Int {
        let rows = try await pool.query("SELECT version FROM courses WHERE id = \(UUID(uuidString: course)!)")
        return try rows[0].decode(Int.self, at: 0)
    }

    /// The `course.changed` payloads in the outbox, oldest first.
    func courseChanges(_ course: String? = nil) async throws -> [CourseChanged] {
        let rows = try await pool.query(
            "SELECT payload::text FROM outbox WHERE topic = \(EventTopic.courseChanged.name) ORDER BY id")
        let payloads = try rows.map { row in
            try JSONDecoder().decode(CourseChanged.self, from: Data(try row.decode(String.self, at: 0).utf8))
        }
        return payloads.filter { course == nil || $0.id == course }
    }

    /// The field names of a validation problem.
    static func fields(_ reply: Reply) -> [String] {
        (reply["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}

/// A helper could not set up what a test needs.
struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
