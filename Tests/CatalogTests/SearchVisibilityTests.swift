import Foundation
import Testing

@testable import Catalog

@Suite("Course search shows published, public courses only")
struct SearchVisibilityTests {
    @Test func draftsReviewsArchivedAndPrivateCoursesNeverAppear() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            let category = try await fixtures.category("Programming", slug: "programming")
            for (status, isPublic) in [
                ("draft", true), ("under-review", true), ("archived", true), ("published", false),
            ] {
                try await fixtures.course {
                    $0.title = "Hidden Python \(status) \(isPublic)"
                    $0.status = status
                    $0.isPublic = isPublic
                    $0.category = category
                    $0.enrollments = 1_000_000
                }
            }
            try await fixtures.course {
                $0.title = "Visible Python"
                $0.category = category
            }
            for parameters in [
                [("q", "python")], [], [("category", "programming")], [("q", "pythno")], [("sort", "newest")],
                [("q", "hidden"), ("sort", "rating")],
            ] {
                let reply = await harness.search(parameters)
                #expect(reply.status == 200)
                #expect(reply.items.titles.allSatisfy { !$0.hasPrefix("Hidden") }, "\(parameters)")
                let facets = reply["facets"] as? [String: Any]
                #expect((facets?["total"] as? Int ?? 0) <= 1, "\(parameters)")
            }
            let suggestions = await harness.send(.get, "/v1/courses/suggest?q=pyth")
            #expect((suggestions.json["items"] as? [[String: Any]] ?? []).titles == ["Visible Python"])
            let popular = await harness.send(.get, "/v1/courses/popular")
            #expect((popular.json["items"] as? [[String: Any]] ?? []).titles == ["Visible Python"])
        }
    }
}
