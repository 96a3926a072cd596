import Foundation
import HTTP
import IO
import Testing

@testable import Catalog

@Suite("Search keeps whole answers for a few seconds")
struct SearchResponseCacheTests {
    @Test func aKeptAnswerIsServedUntilAWriteThroughTheServiceEmptiesTheCache() async throws {
        try await CatalogHarness.with(settings: { $0.searchCacheSeconds = 60 }) { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course { $0.title = "Kept Kotlin" }
            let first = await harness.send(.get, "/v1/courses?q=kotlin")
            #expect(first.items.titles == ["Kept Kotlin"])
            #expect(await harness.send(.get, "/v1/courses/suggest?q=kotl").items.titles == ["Kept Kotlin"])

            // A change the service did not make is not seen while the answers are kept…
            try await harness.pool.execute("UPDATE courses SET title = 'Renamed Kotlin' WHERE title = 'Kept Kotlin'")
            #expect(await harness.send(.get, "/v1/courses?q=kotlin").text == first.text)
            #expect(await harness.send(.get, "/v1/courses/suggest?q=kotl").items.titles == ["Kept Kotlin"])
            // …but another target is computed afresh.
            #expect(await harness.send(.get, "/v1/courses?q=kotlin&limit=5").items.titles == ["Renamed Kotlin"])

            // A failed write keeps the answers; a successful one empties the cache.
            let admin = try harness.adminToken()
            #expect(await harness.send(.post, "/v1/categories", json: [:], token: admin).status == 400)
            #expect(await harness.send(.get, "/v1/courses?q=kotlin").text == first.text)
            #expect(
                await harness.send(.post, "/v1/categories", json: ["name": "Languages"], token: admin).status == 201)
            #expect(await harness.send(.get, "/v1/courses?q=kotlin").items.titles == ["Renamed Kotlin"])
            #expect(await harness.send(.get, "/v1/courses/suggest?q=kotl").items.titles == ["Renamed Kotlin"])
        }
    }

    @Test func anAnswerThatIsNotOkIsNeverKept() async throws {
        let cache = SearchResponseCache(lifetime: .seconds(60))
        let runs = Locked(0)
        let request = Request(method: .get, target: "/v1/courses?limit=0")
        for _ in 0..<3 {
            let response = try await cache.response(to: request) {
                runs.withLock { $0 += 1 }
                return Response(status: .badRequest, body: .bytes(Array("{}".utf8)))
            }
            #expect(response.status == .badRequest)
        }
        #expect(runs.withLock { $0 } == 3)
    }

    @Test func requestsForATargetBeingAnsweredWaitForThatAnswer() async throws {
        let cache = SearchResponseCache(lifetime: .seconds(60))
        let runs = Locked(0)
        let request = Request(method: .get, target: "/v1/courses?q=swift")
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let response = try await cache.response(to: request) {
                        let run = runs.withLock { runs in
                            runs += 1
                            return runs
                        }
                        try await Task.sleep(for: .milliseconds(200))
                        return Response(status: .ok, body: .bytes(Array("run \(run)".utf8)))
                    }
                    return String(decoding: response.body.bytes ?? [], as: UTF8.self)
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(runs.withLock { $0 } == 1)
        #expect(Set(bodies) == ["run 1"])
    }

    @Test func anAnswerComputedWhileAWriteLandedIsNotKept() async throws {
        let cache = SearchResponseCache(lifetime: .seconds(60))
        let runs = Locked(0)
        let request = Request(method: .get, target: "/v1/courses?q=go")
        let make: @Sendable () async throws -> Response = {
            let run = runs.withLock { runs in
                runs += 1
                return runs
            }
            if run == 1 {
                // A write lands while the first answer is computed.
                cache.invalidate()
            }
            return Response(status: .ok, body: .bytes(Array("run \(run)".utf8)))
        }
        _ = try await cache.response(to: request, make)
        let second = try await cache.response(to: request, make)
        let third = try await cache.response(to: request, make)
        #expect(second.body.bytes == Array("run 2".utf8))
        #expect(third.body.bytes == Array("run 2".utf8))
        #expect(runs.withLock { $0 } == 2)
    }

    @Test func aZeroLifetimeKeepsNothing() async throws {
        try await CatalogHarness.with(settings: { $0.searchCacheSeconds = 0 }) { harness in
            let fixtures = SearchFixtures(harness)
            try await fixtures.course { $0.title = "Fresh Fortran" }
            #expect(await harness.send(.get, "/v1/courses?q=fortran").items.titles == ["Fresh Fortran"])
            try await harness.pool.execute("UPDATE courses SET title = 'Renamed Fortran'")
            #expect(await harness.send(.get, "/v1/courses?q=fortran").items.titles == ["Renamed Fortran"])
        }
    }
}
