import Foundation
import Testing

@testable import Catalog

/// Five courses in two categories, by two instructors, across levels, languages, prices and ratings.
struct FilterCatalog {
    var databases: UUID
    var devops: UUID
    var first: UUID
    var second: UUID

    static func make(_ harness: CatalogHarness) async throws -> FilterCatalog {
        let fixtures = SearchFixtures(harness)
        let catalog = FilterCatalog(
            databases: try await fixtures.category("Databases", slug: "databases"),
            devops: try await fixtures.category("DevOps", slug: "devops"),
            first: UUID(uuidString: "01890000-0000-7000-8000-00000000000a")!,
            second: UUID(uuidString: "01890000-0000-7000-8000-00000000000b")!)
        try await fixtures.course {
            $0.title = "PostgreSQL Basics"
            $0.category = catalog.databases
            $0.price = 0
            $0.rating = 4.8
            $0.tags = ["sql", "postgresql"]
            $0.instructor = catalog.first
            $0.enrollments = 50
        }
        try await fixtures.course {
            $0.title = "Advanced PostgreSQL"
            $0.category = catalog.databases
            $0.level = "advanced"
            $0.price = 4999
            $0.rating = 4.2
            $0.tags = ["postgresql"]
            $0.instructor = catalog.second
            $0.enrollments = 40
        }
        try await fixtures.course {
            $0.title = "Docker Essentials"
            $0.category = catalog.devops
            $0.language = "es"
            $0.price = 1999
            $0.rating = 3.9
            $0.tags = ["docker"]
            $0.instructor = catalog.first
            $0.enrollments = 30
        }
        try await fixtures.course {
            $0.title = "Kubernetes Operations"
            $0.category = catalog.devops
            $0.level = "intermediate"
            $0.price = nil
            $0.rating = 4.5
            $0.tags = ["kubernetes", "docker"]
            $0.instructor = catalog.second
            $0.enrollments = 20
        }
        try await fixtures.course {
            $0.title = "Docker Deep Dive"
            $0.category = catalog.devops
            $0.level = "advanced"
            $0.language = "de"
            $0.price = 9999
            $0.rating = 4.9
            $0.tags = ["docker"]
            $0.instructor = catalog.second
            $0.enrollments = 10
        }
        return catalog
    }
}

@Suite("Course search: filters")
struct SearchFilterTests {
    private func titles(_ harness: CatalogHarness, _ parameters: [(String, String)]) async -> Set<String> {
        let reply = await harness.search(parameters)
        #expect(reply.status == 200, "\(parameters): \(reply.text)")
        return Set(reply.items.titles)
    }

    @Test func categoryFiltersByIdOrSlug() async throws {
        try await CatalogHarness.with { harness in
            let catalog = try await FilterCatalog.make(harness)
            let devops: Set = ["Docker Essentials", "Kubernetes Operations", "Docker Deep Dive"]
            #expect(await titles(harness, [("category", "devops")]) == devops)
            #expect(await titles(harness, [("category", catalog.devops.uuidString.lowercased())]) == devops)
            #expect(await titles(harness, [("category", "no-such-category")]).isEmpty)
        }
    }

    @Test func levelAndLanguageFilter() async throws {
        try await CatalogHarness.with { harness in
            _ = try await FilterCatalog.make(harness)
            #expect(await titles(harness, [("level", "beginner")]) == ["PostgreSQL Basics", "Docker Essentials"])
            #expect(await titles(harness, [("level", "Advanced")]) == ["Advanced PostgreSQL", "Docker Deep Dive"])
            #expect(await titles(harness, [("language", "es")]) == ["Docker Essentials"])
        }
    }

    @Test func pricesFilterInMinorUnitsAndFreeIncludesCoursesWithoutAPrice() async throws {
        try await CatalogHarness.with { harness in
            _ = try await FilterCatalog.make(harness)
            #expect(
                await titles(harness, [("minPrice", "1999"), ("maxPrice", "4999")]) == [
                    "Advanced PostgreSQL", "Docker Essentials",
                ])
            #expect(await titles(harness, [("maxPrice", "0")]) == ["PostgreSQL Basics", "Kubernetes Operations"])
            #expect(await titles(harness, [("free", "true")]) == ["PostgreSQL Basics", "Kubernetes Operations"])
            #expect(
                await titles(harness, [("free", "false")]) == [
                    "Advanced PostgreSQL", "Docker Essentials", "Docker Deep Dive",
                ])
        }
    }

    @Test func ratingTagAndInstructorFilter() async throws {
        try await CatalogHarness.with { harness in
            let catalog = try await FilterCatalog.make(harness)
            #expect(
                await titles(harness, [("minRating", "4.5")]) == [
                    "PostgreSQL Basics", "Kubernetes Operations", "Docker Deep Dive",
                ])
            #expect(
                await titles(harness, [("tag", "docker")]) == [
                    "Docker Essentials", "Kubernetes Operations", "Docker Deep Dive",
                ])
            #expect(
                await titles(harness, [("instructor", catalog.second.uuidString)]) == [
                    "Advanced PostgreSQL", "Kubernetes Operations", "Docker Deep Dive",
                ])
        }
    }

    @Test func filtersCombineWithEachOtherAndWithTheQuery() async throws {
        try await CatalogHarness.with { harness in
            _ = try await FilterCatalog.make(harness)
            #expect(
                await titles(harness, [("q", "docker"), ("category", "devops"), ("level", "advanced")]) == [
                    "Docker Deep Dive"
                ])
            #expect(await titles(harness, [("q", "postgresql"), ("free", "true")]) == ["PostgreSQL Basics"])
            #expect(
                await titles(harness, [("tag", "docker"), ("language", "en"), ("minRating", "4")]) == [
                    "Kubernetes Operations"
                ])
            #expect(
                await titles(harness, [("q", "docker"), ("sort", "price-desc"), ("maxPrice", "2000")]) == [
                    "Docker Essentials", "Kubernetes Operations",
                ])
        }
    }
}
