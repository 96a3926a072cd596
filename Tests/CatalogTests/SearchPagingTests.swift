import Foundation
import Testing

@testable import Catalog

/// Thirty courses with many equal sort keys, so that ids must break ties; a third have "Python" in the title, a
/// third in the description only.
struct PagingCatalog {
    struct Entry {
        var id: String
        var course: SearchFixtures.Course
        var hasTitleMatch: Bool { course.title.contains("Python") }
        var matches: Bool { hasTitleMatch || course.description.contains("Python") }
    }

    var entries: [Entry] = []

    static func make(_ harness: CatalogHarness, count: Int = 30, offset: Int = 0) async throws -> PagingCatalog {
        let fixtures = SearchFixtures(harness)
        var catalog = PagingCatalog()
        for index in offset..<(offset + count) {
            var course = SearchFixtures.Course()
            switch index % 3 {
            case 0: course.title = "Python Course \(index)"
            case 1:
                course.title = "Scripting Course \(index)"
                course.description = "Automate work with Python."
            default: course.title = "Cooking Course \(index)"
            }
            course.enrollments = (index * 7) % 10
            course.rating = [4.0, 4.5, 5.0][index % 3]
            course.ratingCount = index % 4
            course.price = index % 7 == 6 ? nil : Int64((index % 5) * 1000)
            course.publishedAt = Date(timeIntervalSince1970: 1_700_000_000 + Double(index % 6) * 86_400 + 0.000_123)
            let id = try await fixtures.course(course)
            catalog.entries.append(Entry(id: id.uuidString.lowercased(), course: course))
        }
        return catalog
    }

    /// The ids in the order a sort must return them.
    func expected(_ sort: CourseSearchSort, matchingPython: Bool = false) -> [String] {
        let chosen = matchingPython ? entries.filter(\.matches) : entries
        func price(_ entry: Entry) -> Int64 { entry.course.price ?? 0 }
        let sorted: [Entry]
        switch sort {
        case .relevance:
            sorted = chosen.sorted {
                ($0.hasTitleMatch ? 1 : 0, $0.course.enrollments, $0.id)
                    > ($1.hasTitleMatch ? 1 : 0, $1.course.enrollments, $1.id)
            }
        case .popular: sorted = chosen.sorted { ($0.course.enrollments, $0.id) > ($1.course.enrollments, $1.id) }
        case .newest:
            sorted = chosen.sorted {
                ($0.course.publishedAt, $0.id) > ($1.course.publishedAt, $1.id)
            }
        case .rating:
            sorted = chosen.sorted {
                ($0.course.rating, $0.course.ratingCount, $0.id) > ($1.course.rating, $1.course.ratingCount, $1.id)
            }
        case .priceAscending: sorted = chosen.sorted { (price($0), $0.id) < (price($1), $1.id) }
        case .priceDescending: sorted = chosen.sorted { (price($0), $0.id) > (price($1), $1.id) }
        }
        return sorted.map(\.id)
    }
}

@Suite("Course search: sorts and keyset pages")
struct SearchPagingTests {
    @Test(arguments: CourseSearchSort.allCases)
    func everySortPagesToTheEndInOrderWithoutDuplicatesOrGaps(_ sort: CourseSearchSort) async throws {
        try await CatalogHarness.with { harness in
            let catalog = try await PagingCatalog.make(harness)
            let withQuery = try await harness.searchAllPages([("q", "python"), ("sort", sort.rawValue), ("limit", "4")])
            #expect(withQuery.ids == catalog.expected(sort, matchingPython: true))
            guard sort != .relevance else { return }
            let browsing = try await harness.searchAllPages([("sort", sort.rawValue), ("limit", "4")])
            #expect(browsing.ids == catalog.expected(sort))
        }
    }

    @Test(arguments: CourseSearchSort.allCases)
    func coursesAddedBetweenPagesCauseNoDuplicatesOrSkips(_ sort: CourseSearchSort) async throws {
        try await CatalogHarness.with { harness in
            let catalog = try await PagingCatalog.make(harness)
            let parameters = [("q", "python"), ("sort", sort.rawValue), ("limit", "3")]
            let items = try await harness.searchAllPages(parameters) { page in
                // New courses that sort first, last and in between, added while the client pages.
                if page == 1 || page == 3 {
                    _ = try await PagingCatalog.make(harness, count: 6, offset: 100 * page)
                }
            }
            #expect(Set(items.ids).count == items.count)
            let original = Set(catalog.expected(sort, matchingPython: true))
            #expect(original.isSubset(of: Set(items.ids)))
        }
    }

    @Test func walkingAnIndexAndReadingTheTextIndexGiveTheSamePages() async throws {
        try await CatalogHarness.with { harness in
            _ = try await PagingCatalog.make(harness)
            var requests: [CourseSearchRequest] = CourseSearchSort.allCases.map {
                CourseSearchRequest(text: "python", sort: $0, limit: 2)
            }
            requests.append(CourseSearchRequest(text: "course", sort: .relevance, limit: 3))
            requests.append(CourseSearchRequest(text: "cours", sort: .newest, limit: 5))
            for request in requests {
                var pages: [[String]] = []
                for walkLimit in [1, 4, 10, 1000] {
                    var store = CourseSearchStore(pool: harness.pool, facetCache: SearchFacetCache(lifetime: .zero))
                    store.walkLimit = walkLimit
                    var ids: [String] = []
                    var next = request
                    while true {
                        let page = try await store.search(next)
                        ids += page.items.map { $0.id.uuidString.lowercased() }
                        guard let cursor = page.nextCursor else { break }
                        next.cursor = cursor
                    }
                    pages.append(ids)
                }
                #expect(Set(pages).count == 1, "\(request.sort) \(request.text?.phrase ?? "")")
                #expect(pages[0].count > 5)
            }
        }
    }

    @Test func aCursorOnlyContinuesTheSearchThatMadeIt() async throws {
        try await CatalogHarness.with { harness in
            _ = try await PagingCatalog.make(harness)
            let first = await harness.search([("q", "python"), ("sort", "newest"), ("limit", "2")])
            let cursor = try #require(first["nextCursor"] as? String)
            #expect(await harness.search([("q", "python"), ("sort", "newest"), ("cursor", cursor)]).status == 200)
            for other in [
                [("q", "python"), ("sort", "popular"), ("cursor", cursor)],
                [("q", "cooking"), ("sort", "newest"), ("cursor", cursor)],
                [("q", "python"), ("sort", "newest"), ("level", "beginner"), ("cursor", cursor)],
                [("sort", "newest"), ("cursor", cursor)],
            ] {
                let reply = await harness.search(other)
                #expect(reply.status == 400)
                #expect(Self.fields(reply) == ["cursor"])
            }
        }
    }

    @Test func theLimitIsTwentyByDefaultAndAtMostAHundred() async throws {
        try await CatalogHarness.with { harness in
            _ = try await PagingCatalog.make(harness)
            #expect(await harness.search([]).items.count == 20)
            #expect(await harness.search([("limit", "100")]).items.count == 30)
            #expect(await harness.search([("limit", "100")])["nextCursor"] is NSNull)
        }
    }

    static func fields(_ reply: CatalogHarness.Reply) -> [String] {
        (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}
