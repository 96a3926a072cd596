import Foundation
import HTTP
import Postgres
import Testing

@testable import Catalog

@Suite("Hostile input: NUL and control characters, unknown keys, any value")
struct CatalogHostileInputTests {
    private func courseCount(_ h: CatalogHarness) async throws -> Int {
        try await h.pool.query("SELECT count(*)::int8 FROM courses")[0].decode(Int.self, at: 0)
    }

    @Test func textWithNULOrControlsIsRefusedAndNothingIsStored() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let bodies: [([String: Any], String)] = [
                (["title": "t", "tags": ["a\u{0}b"]], "tags.0"),
                (["title": "\u{0}x"], "title"),
                (["title": "a\u{0}b"], "title"),
                (["title": "a\u{1B}[31mred"], "title"),
                (["title": "two\nlines"], "title"),
                (["title": "t", "learningOutcomes": ["ok", "a\u{7F}"]], "learningOutcomes.1"),
                (["title": "t", "seoDescription": "a\u{85}b"], "seoDescription"),
            ]
            for (body, field) in bodies {
                let reply = await h.send(.post, "/v1/courses", json: body, token: token)
                #expect(reply.status == 400, "\(body)")
                #expect(CatalogHarness.fields(reply) == [field], "\(body)")
                #expect(reply.headers["Content-Type"] == "application/problem+json")
            }
            #expect(try await courseCount(h) == 0)
            // Prose may span lines; a title may not.
            let course = await h.send(
                .post, "/v1/courses", json: ["title": "Lines", "description": "one\ntwo\tthree"], token: token)
            #expect(course.status == 201)
            #expect(course["description"] as? String == "one\ntwo\tthree")
        }
    }

    @Test func aChangeWithNULLeavesTheCourseAsItWas() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let id = try await h.draft(token)
            let reply = await h.send(.patch, "/v1/courses/\(id)", json: ["title": "before\u{0}after"], token: token)
            #expect(reply.status == 400)
            let read = await h.send(.get, "/v1/courses/\(id)", token: token)
            #expect(read["title"] as? String == "Swift on the Server")
        }
    }

    @Test func unknownKeysAreRefusedWhateverTheirValue() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            for value: Any in [NSNull(), 1, "x", [String: Any](), [Any](), true] {
                let reply = await h.send(.post, "/v1/courses", json: ["title": "x", "bogus": value], token: token)
                #expect(reply.status == 400, "\(value)")
                #expect(CatalogHarness.fields(reply) == ["bogus"])
            }
            let empty = await h.send(.post, "/v1/courses", json: ["title": "x", "": NSNull()], token: token)
            #expect(empty.status == 400)
            #expect(try await courseCount(h) == 0)
        }
    }

    @Test func controlCharactersInTheURLAre400NamingTheParameter() async throws {
        try await CatalogHarness.with { h in
            for (target, field) in [
                ("/v1/courses?q=a%00b", "q"), ("/v1/courses?q=a%0Ab", "q"), ("/v1/courses?level=%1B", "level"),
                ("/v1/courses/a%00b", "path"), ("/v1/courses?q=%C3%28", "query"), ("/v1/courses?q=%zz", "query"),
            ] {
                let reply = await h.send(.get, target)
                #expect(reply.status == 400, "\(target)")
                #expect(CatalogHarness.fields(reply) == [field], "\(target)")
            }
            #expect(await h.send(.get, "/v1/courses?q=caf%C3%A9").status == 200)
        }
    }

    @Test func hugeAndDeeplyNestedBodiesAre400s() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
            let reply = await h.send(
                Request(
                    method: .post, target: "/v1/courses",
                    headers: ["Content-Type": "application/json", "Authorization": "Bearer " + token],
                    body: Array((#"{"title":"x","tags":"# + deep + "}").utf8)))
            #expect(reply.status == 400)
            let long = await h.send(
                .post, "/v1/courses", json: ["title": String(repeating: "x", count: 100_000)], token: token)
            #expect(long.status == 400)
            #expect(CatalogHarness.fields(long) == ["title"])
            #expect(try await courseCount(h) == 0)
        }
    }
}
