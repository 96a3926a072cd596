import Foundation
import Testing

@testable import Catalog

@Suite("Course suggestions, the popular list and the API document")
struct SearchSuggestTests {
    private func suggestions(_ harness: CatalogHarness, _ text: String) async -> [[String: Any]] {
        let reply = await harness.send(.get, "/v1/courses/suggest" + CatalogHarness.query([("q", text)]))
        #expect(reply.status == 200, "\(text): \(reply.text)")
        return reply.json["items"] as? [[String: Any]] ?? []
    }

    @Test func titlesStartingWithTheTextComeFirstThenWordsThenAnywhere() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course {
                $0.title = "Metadata Management"
                $0.enrollments = 5000
            }
            try await fixtures.course {
                $0.title = "Big Data Systems"
                $0.enrollments = 1000
            }
            try await fixtures.course {
                $0.title = "Data Engineering Basics"
                $0.enrollments = 10
            }
            try await fixtures.course { $0.title = "Cooking" }
            let found = await suggestions(harness, "  DATA ")
            #expect(found.titles == ["Data Engineering Basics", "Big Data Systems", "Metadata Management"])
            #expect(Set(found.flatMap(\.keys)) == ["id", "slug", "title"])
        }
    }

    @Test func atMostEightAndTyposStillSuggest() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            for index in 0..<12 { try await fixtures.course { $0.title = "Swift Course \(index)" } }
            try await fixtures.course { $0.title = "Mastering PostgreSQL" }
            #expect(await suggestions(harness, "swi").count == 8)
            #expect(await suggestions(harness, "postgers").titles == ["Mastering PostgreSQL"])
            #expect(await suggestions(harness, "s").count == 8)
            try await fixtures.course { $0.title = "100% Practical Swift" }
            // LIKE wildcards in the text match themselves only.
            #expect(await suggestions(harness, "%").titles == ["100% Practical Swift"])
            #expect(await suggestions(harness, "_").isEmpty)
        }
    }

    @Test func suggestionsNeedATextOfAtMostAHundredCharacters() async throws {
        try await CatalogHarness.with { harness in
            for target in [
                "/v1/courses/suggest", "/v1/courses/suggest?q=%20",
                "/v1/courses/suggest?q=" + String(repeating: "x", count: 101),
                "/v1/courses/suggest?q=sql&limit=3",
            ] {
                let reply = await harness.send(.get, target)
                #expect(reply.status == 400, "\(target)")
            }
        }
    }

    @Test func popularListsTheMostEnrolledOptionallyOfACategory() async throws {
        try await CatalogHarness.with { harness in
            let catalog = try await FilterCatalog.make(harness)
            let all = await harness.send(.get, "/v1/courses/popular?limit=3")
            #expect(
                (all.json["items"] as? [[String: Any]] ?? []).titles == [
                    "PostgreSQL Basics", "Advanced PostgreSQL", "Docker Essentials",
                ])
            for category in ["devops", catalog.devops.uuidString] {
                let reply = await harness.send(.get, "/v1/courses/popular?category=\(category)")
                #expect(
                    (reply.json["items"] as? [[String: Any]] ?? []).titles == [
                        "Docker Essentials", "Kubernetes Operations", "Docker Deep Dive",
                    ])
            }
            for target in [
                "/v1/courses/popular?limit=0", "/v1/courses/popular?limit=51", "/v1/courses/popular?category=A!",
                "/v1/courses/popular?sort=new",
            ] {
                #expect(await harness.send(.get, target).status == 400, "\(target)")
            }
        }
    }

}
