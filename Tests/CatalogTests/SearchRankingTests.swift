import Foundation
import Testing

@testable import Catalog

@Suite("Course search: full text, prefixes and typos")
struct SearchRankingTests {
    @Test func aTitleMatchComesBeforeMorePopularTagAndDescriptionMatches() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course {
                $0.title = "Containers in Practice"
                $0.description = "Run Kubernetes clusters; Kubernetes operators; Kubernetes networking."
                $0.enrollments = 90_000
            }
            try await fixtures.course {
                $0.title = "Kubernetes for Beginners"
                $0.enrollments = 10
            }
            try await fixtures.course {
                $0.title = "Cloud Networking"
                $0.tags = ["kubernetes"]
                $0.enrollments = 50_000
            }
            // The title match first; then the tag and description matches, most enrolled first.
            let reply = await harness.search([("q", "kubernetes")])
            #expect(reply.status == 200)
            #expect(reply.items.titles == ["Kubernetes for Beginners", "Containers in Practice", "Cloud Networking"])
        }
    }

    @Test func aTitleWithEveryWordComesBeforeOneWithSome() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course {
                $0.title = "PostgreSQL Administration"
                $0.description = "Backups, replication and indexing."
                $0.enrollments = 5000
            }
            try await fixtures.course {
                $0.title = "PostgreSQL Indexing in Depth"
                $0.enrollments = 3
            }
            let reply = await harness.search([("q", "postgresql indexing")])
            #expect(reply.items.titles == ["PostgreSQL Indexing in Depth", "PostgreSQL Administration"])
        }
    }

    @Test func everyWordMustMatchAndTheLastMatchesAsAPrefix() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course { $0.title = "Practical PostgreSQL for Data Engineers" }
            try await fixtures.course { $0.title = "PostgreSQL Administration" }
            try await fixtures.course { $0.title = "Data Engineering with Spark" }
            #expect(
                await harness.search([("q", "postg")]).items.titles.sorted() == [
                    "PostgreSQL Administration", "Practical PostgreSQL for Data Engineers",
                ])
            #expect(
                await harness.search([("q", "postgresql eng")]).items.titles == [
                    "Practical PostgreSQL for Data Engineers"
                ])
            #expect(
                await harness.search([("q", "data engineering")]).items.titles.sorted() == [
                    "Data Engineering with Spark", "Practical PostgreSQL for Data Engineers",
                ])
            #expect(
                await harness.search([("q", "administration postgresql")]).items.titles == [
                    "PostgreSQL Administration"
                ])
        }
    }

    @Test func stemmingMatchesOtherFormsOfAWord() async throws {
        try await CatalogHarness.with { harness in
            try await SearchFixtures(harness).course {
                $0.title = "Learning Swift"
                $0.description = "Build apps while you learn the language."
            }
            #expect(await harness.search([("q", "learned swift")]).items.titles == ["Learning Swift"])
        }
    }

    @Test func aTypoStillFindsTitlesBySimilarity() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course { $0.title = "Mastering PostgreSQL" }
            try await fixtures.course { $0.title = "Kubernetes for Beginners" }
            try await fixtures.course { $0.title = "Post-production for Engineers" }
            let corrected = await harness.search([("q", "postgers")])
            #expect(corrected.items.titles == ["Mastering PostgreSQL"])
            #expect(corrected["correctedQuery"] as? String == "postgresql")
            #expect(await harness.search([("q", "kuberntes")]).items.titles == ["Kubernetes for Beginners"])
            #expect(await harness.search([("q", "mastering")])["correctedQuery"] == nil)
            let page = await harness.search([("q", "postgers"), ("sort", "newest")])
            #expect(page.items.titles == ["Mastering PostgreSQL"])
        }
    }

    @Test func typoResultsPageOnWithTheirCursor() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            for index in 0..<5 {
                try await fixtures.course {
                    $0.title = "PostgreSQL Performance Part \(index)"
                    $0.enrollments = index * 10
                }
            }
            let items = try await harness.searchAllPages([("q", "postgers"), ("limit", "2")])
            #expect(items.count == 5)
            #expect(Set(items.ids).count == 5)
        }
    }

    @Test func titlesSimilarToTheQueryComeMostSimilarFirst() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course {
                $0.title = "Kubernetes Operations Handbook"
                $0.enrollments = 5
            }
            try await fixtures.course {
                $0.title = "Kubernetes Operators"
                $0.enrollments = 500
            }
            try await fixtures.course { $0.title = "Cooking" }
            let store = CourseSearchStore(pool: harness.pool, facetCache: SearchFacetCache(lifetime: .zero))
            let rows = try await store.page(CourseSearchRequest(text: "kubernetes operatons handbok"), isFuzzy: true)
            #expect(rows.map(\.item.title) == ["Kubernetes Operations Handbook", "Kubernetes Operators"])
            #expect(rows.allSatisfy { $0.rank != nil })
        }
    }

    /// Stop words match no full text and correct to themselves, so "and for" falls back to titles similar to it,
    /// which in a real catalog are a third of all titles. The fallback reads a bounded sample of them, and its
    /// pages and facets count the same sample.
    @Test func aTypoSearchSimilarToManyTitlesReadsABoundedSample() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            let template = try await fixtures.course {
                $0.title = "Tips and Tricks for Teams 0"
                $0.level = "advanced"
            }
            let extra = CourseSearchSQL.similarTitleLimit + 40
            try await fixtures.copies(
                of: template, count: extra, title: "Tips and Tricks for Teams", levels: ["beginner", "intermediate"])
            let first = await harness.search([("q", "and for"), ("limit", "100")])
            #expect(first.status == 200)
            let facets = try #require(first["facets"] as? [String: Any])
            #expect(facets["total"] as? Int == CourseSearchSQL.similarTitleLimit)
            #expect(facets["complete"] as? Bool == false)
            let levels = try #require(facets["levels"] as? [[String: Any]])
            let levelSum = levels.compactMap { $0["count"] as? Int }.reduce(0, +)
            #expect(levelSum == CourseSearchSQL.similarTitleLimit)
            let all = try await harness.searchAllPages([("q", "and for"), ("limit", "100")])
            #expect(all.count == CourseSearchSQL.similarTitleLimit)
            #expect(Set(all.ids).count == all.count)
            // A level's count is what choosing it lists.
            let beginner = try #require(levels.first { $0["level"] as? String == "beginner" }?["count"] as? Int)
            let beginners = try await harness.searchAllPages([
                ("q", "and for"), ("level", "beginner"), ("limit", "100"),
            ])
            #expect(beginners.count == beginner)
            #expect(beginner > 0)
        }
    }

    @Test func aQueryWithoutLettersOrDigitsMatchesNothing() async throws {
        try await CatalogHarness.with { harness in
            try await SearchFixtures(harness).course { $0.title = "C++ from Scratch" }
            let reply = await harness.search([("q", "?!*")])
            #expect(reply.status == 200)
            #expect(reply.items.isEmpty)
            #expect(reply["nextCursor"] is NSNull)
        }
    }

    @Test func fullTextOperatorsInTheQueryAreJustSeparators() async throws {
        try await CatalogHarness.with { harness in
            try await SearchFixtures(harness).course { $0.title = "Rust for Systems Programmers" }
            for q in ["rust & !systems", "rust:*", "rust | 'x", "(rust)<->systems", "rust\\"] {
                let reply = await harness.search([("q", q)])
                #expect(reply.status == 200, "\(q)")
            }
            #expect(await harness.search([("q", "rust & systems")]).items.count == 1)
        }
    }

    @Test func itemsCarryTheCourseSummary() async throws {
        try await CatalogHarness.with { harness in
            let fixtures = SearchFixtures(harness)
            let category = try await fixtures.category("Databases", slug: "databases")
            let id = try await fixtures.course {
                $0.title = "SQL Basics"
                $0.category = category
                $0.tags = ["sql"]
                $0.price = 0
                $0.originalPrice = 4999
                $0.rating = 4.37
                $0.ratingCount = 12
                $0.enrollments = 40
                $0.level = "intermediate"
                $0.language = "pt-BR"
            }
            let item = try #require(await harness.search([("q", "sql")]).items.first)
            #expect(item["id"] as? String == id.uuidString.lowercased())
            #expect(item["isFree"] as? Bool == true)
            #expect(item["price"] as? Int == 0)
            #expect(item["originalPrice"] as? Int == 4999)
            #expect(item["currency"] as? String == "USD")
            #expect((item["ratingAverage"] as? NSNumber)?.doubleValue == 4.37)
            #expect(item["ratingCount"] as? Int == 12)
            #expect(item["enrollmentCount"] as? Int == 40)
            #expect(item["lessonCount"] as? Int == 12)
            #expect(item["totalDurationSeconds"] as? Int == 3600)
            #expect(item["level"] as? String == "intermediate")
            #expect(item["language"] as? String == "pt-BR")
            #expect(item["tags"] as? [String] == ["sql"])
            #expect(item["publishedAt"] as? String == "2023-11-14T22:13:20.000Z")
            #expect((item["instructor"] as? [String: Any])?["name"] as? String == "Ada Lovelace")
            let categoryObject = item["category"] as? [String: Any]
            #expect(categoryObject?["slug"] as? String == "databases")
            #expect(categoryObject?["name"] as? String == "Databases")
            #expect(categoryObject?["id"] as? String == category.uuidString.lowercased())
        }
    }
}
