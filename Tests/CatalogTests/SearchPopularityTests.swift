import Foundation
import Postgres
import Testing

@testable import Catalog

/// Lists in enrollment order read their matches among the most enrolled courses first (popularity bands in the
/// text indexes, sql/catalog/0002); the pages must be exactly those of a read of every match.
@Suite("Course search: the most popular matches first") struct SearchPopularityTests {
    /// 90 courses, enrollments spread from 0 to about 190,000 (bands 0 to 48), a third with "Python" in the title,
    /// a third in the description only.
    static func catalog(_ harness: CatalogHarness) async throws {
        let fixtures = SearchFixtures(harness)
        for index in 0..<90 {
            try await fixtures.course {
                switch index % 3 {
                case 0: $0.title = "Python Course \(index)"
                case 1:
                    $0.title = "Scripting Course \(index)"
                    $0.description = "Automate work with Python."
                default: $0.title = "Cooking Course \(index)"
                }
                $0.enrollments = index % 30 == 0 ? 0 : Int(pow(1.5, Double((index * 7) % 31)))
            }
        }
    }

    static func allPages(_ store: CourseSearchStore, _ request: CourseSearchRequest) async throws -> [String] {
        var ids: [String] = []
        var next = request
        while true {
            let page = try await store.search(next)
            ids += page.items.map { $0.id.uuidString.lowercased() }
            guard let cursor = page.nextCursor else { return ids }
            next.cursor = cursor
        }
    }

    @Test func readingTheMostPopularFirstGivesTheSamePagesAsReadingEveryMatch() async throws {
        try await CatalogHarness.with { harness in
            try await Self.catalog(harness)
            let requests = [
                CourseSearchRequest(text: "python", sort: .relevance, limit: 2),
                CourseSearchRequest(text: "python", sort: .relevance, limit: 7),
                CourseSearchRequest(text: "pyth", sort: .popular, limit: 3),
                CourseSearchRequest(text: "automate python", sort: .relevance, limit: 4),
                CourseSearchRequest(text: "course", sort: .popular, limit: 10),
            ]
            var bandedReads = 0
            for request in requests {
                let label = "\(request.sort) \(request.text?.phrase ?? "") \(request.limit)"
                var everyMatch = CourseSearchStore(pool: harness.pool, facetCache: SearchFacetCache(lifetime: .zero))
                everyMatch.walkLimit = 1
                everyMatch.popularShare = nil
                let expected = try await Self.allPages(everyMatch, request)
                #expect(expected.count >= 30, "\(label)")
                // Walks shorter than a page never fill it; what they find decides whether the bands are read.
                for (share, walkLimit) in [(2, 2), (5, 4), (20, 8), (2, 8)] {
                    var popularFirst = everyMatch
                    popularFirst.walkLimit = walkLimit
                    popularFirst.popularShare = share
                    popularFirst.walkMemory = SearchWalkMemory()
                    popularFirst.bandsCache = ExpiringCache(lifetime: .seconds(300), capacity: 1)
                    popularFirst.log = SearchStatementLog()
                    #expect(try await Self.allPages(popularFirst, request) == expected, "\(label), 1 in \(share)")
                    bandedReads += popularFirst.log?.drain().filter { $0.query.sql.contains("::tsquery") }.count ?? 0
                }
            }
            #expect(bandedReads > 10)
        }
    }

    /// Every threshold band: a read restricted to that band and all above it, when it fills the page, gives the
    /// page a read of every match gives.
    @Test func aReadFromAnyBandUpThatFillsThePageIsThePage() async throws {
        try await CatalogHarness.with { harness in
            try await Self.catalog(harness)
            let store = CourseSearchStore(pool: harness.pool, facetCache: SearchFacetCache(lifetime: .zero))
            var filled = 0
            for match in [CourseSearchSQL.Match.title, .beyondTitle, .anywhere] {
                let text = try #require(SearchText("python"))
                let list = CourseSearchSQL.List(
                    match: match, text: text, filters: CourseSearchFilters(), sort: .popular, after: nil, limit: 4)
                let all = try await store.throughTextIndex(CourseSearchSQL.list(list, walking: nil))
                    .map { try $0.decode(UUID.self, at: 0) }
                #expect(all.count == 4)
                for band in 0...50 {
                    var restricted = list
                    restricted.bands = CourseSearchSQL.popularBands(from: band)
                    let rows = try await store.throughTextIndex(CourseSearchSQL.list(restricted, walking: nil))
                        .map { try $0.decode(UUID.self, at: 0) }
                    if rows.count == 4 {
                        #expect(rows == all, "\(match) from band \(band)")
                        filled += 1
                    }
                }
            }
            // Low thresholds fill the page, high ones do not: both cases occur.
            #expect(filled > 10 && filled < 150)
        }
    }

    /// A query of stop words has no lexemes; restricted to the popular bands it must still match nothing (not
    /// every popular course), so the search falls back to titles similar to it.
    @Test func aQueryOfStopWordsMatchesNothingAmongThePopularToo() async throws {
        try await CatalogHarness.with { harness in
            try await Self.catalog(harness)
            let store = CourseSearchStore(pool: harness.pool, facetCache: SearchFacetCache(lifetime: .zero))
            for match in [CourseSearchSQL.Match.title, .beyondTitle, .anywhere] {
                var list = CourseSearchSQL.List(
                    match: match, text: SearchText("and the"), filters: CourseSearchFilters(), sort: .relevance,
                    after: nil, limit: 4)
                list.bands = CourseSearchSQL.popularBands(from: 0)
                #expect(try await store.throughTextIndex(CourseSearchSQL.list(list, walking: nil)).isEmpty, "\(match)")
            }
        }
    }
}
