import Foundation
import Testing

@testable import Catalog

@Suite("Course search: facets")
struct SearchFacetTests {
    private func facets(_ reply: CatalogHarness.Reply) -> (
        categories: [String: Int], levels: [String: Int], total: Int?
    ) {
        let facets = reply["facets"] as? [String: Any] ?? [:]
        var categories: [String: Int] = [:]
        for entry in facets["categories"] as? [[String: Any]] ?? [] {
            categories[entry["slug"] as? String ?? "?"] = entry["count"] as? Int
        }
        var levels: [String: Int] = [:]
        for entry in facets["levels"] as? [[String: Any]] ?? [] {
            levels[entry["level"] as? String ?? "?"] = entry["count"] as? Int
        }
        return (categories, levels, facets["total"] as? Int)
    }

    @Test func firstPagesCountMatchesPerCategoryAndLevel() async throws {
        try await CatalogHarness.with { harness in
            _ = try await FilterCatalog.make(harness)
            let all = facets(await harness.search([]))
            #expect(all.categories == ["databases": 2, "devops": 3])
            #expect(all.levels == ["beginner": 2, "intermediate": 1, "advanced": 2])
            #expect(all.total == 5)
            let docker = facets(await harness.search([("q", "docker")]))
            #expect(docker.categories == ["devops": 3])
            #expect(docker.levels == ["beginner": 1, "intermediate": 1, "advanced": 1])
            #expect(docker.total == 3)
            #expect((await harness.search([("q", "docker")])["facets"] as? [String: Any])?["complete"] as? Bool == true)
            let paid = facets(await harness.search([("free", "false")]))
            #expect(paid.categories == ["databases": 1, "devops": 2])
            #expect(paid.total == 3)
        }
    }

    /// Counting visits every match, so facets of `q` count at most `facetMatchLimit` matches and say when they
    /// stopped there; browsing counts every course.
    @Test func facetsOfAQueryCountABoundedNumberOfMatchesAndSaySo() async throws {
        try await CatalogHarness.with { harness in
            let template = try await SearchFixtures(harness).course { $0.title = "Rust Systems 0" }
            let extra = CourseSearchSQL.facetMatchLimit + 20
            try await SearchFixtures(harness).copies(
                of: template, count: extra, title: "Rust Systems", levels: ["beginner", "intermediate", "advanced"])
            let rust = await harness.search([("q", "rust")])
            let counted = facets(rust)
            #expect(counted.total == CourseSearchSQL.facetMatchLimit)
            #expect(counted.levels.values.reduce(0, +) == CourseSearchSQL.facetMatchLimit)
            #expect((rust["facets"] as? [String: Any])?["complete"] as? Bool == false)
            // The list itself is not bounded: it pages on past the facets' count.
            #expect(rust.items.count == 20)
            let browsing = await harness.search([])
            #expect(facets(browsing).total == extra + 1)
            #expect((browsing["facets"] as? [String: Any])?["complete"] as? Bool == true)
        }
    }

    @Test func eachFacetIgnoresItsOwnFilterButAppliesTheOthers() async throws {
        try await CatalogHarness.with { harness in
            _ = try await FilterCatalog.make(harness)
            let devops = facets(await harness.search([("category", "devops")]))
            #expect(devops.categories == ["databases": 2, "devops": 3])
            #expect(devops.levels == ["beginner": 1, "intermediate": 1, "advanced": 1])
            #expect(devops.total == 3)
            let advancedDevops = facets(await harness.search([("category", "devops"), ("level", "advanced")]))
            #expect(advancedDevops.categories == ["databases": 1, "devops": 1])
            #expect(advancedDevops.levels == ["beginner": 1, "intermediate": 1, "advanced": 1])
            #expect(advancedDevops.total == 1)
        }
    }

    @Test func facetsCountTypoMatchesToo() async throws {
        try await CatalogHarness.with { harness in
            _ = try await FilterCatalog.make(harness)
            let typo = await harness.search([("q", "kubernets operatons")])
            #expect(typo.items.titles == ["Kubernetes Operations"])
            #expect(facets(typo).total == 1)
        }
    }

    @Test func laterPagesCarryNoFacets() async throws {
        try await CatalogHarness.with { harness in
            _ = try await FilterCatalog.make(harness)
            let first = await harness.search([("limit", "2")])
            #expect(first["facets"] != nil)
            let cursor = try #require(first["nextCursor"] as? String)
            let second = await harness.search([("limit", "2"), ("cursor", cursor)])
            #expect(second.status == 200)
            #expect(second["facets"] == nil)
            #expect(second.items.count == 2)
        }
    }
}
