import Foundation
import HTTP
import Testing

@testable import ServiceKit

@Suite struct PaginationTests {
    struct Key: Codable, Sendable, Equatable {
        var createdAt: Date
        var id: UUID
    }

    @Test func cursorRoundTripsItsKey() throws {
        let key = Key(createdAt: Date(timeIntervalSince1970: 1_700_000_000.123), id: UUID())
        let decoded = try Cursor<Key>(decoding: Cursor(key).encoded)
        #expect(decoded.key == key)
    }

    @Test func badLimitAndCursorAreFieldErrors() {
        let request = Request(method: .get, target: "/v1/things?limit=500&cursor=nonsense")
        do {
            _ = try PageRequest<Key>(request)
            Issue.record("expected a validation error")
        } catch let error as RequestError {
            #expect(error.fieldErrors.map(\.field) == ["limit", "cursor"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func pageParametersAddToTheRequestsOtherErrors() {
        var errors = FieldErrors()
        errors.add("q", "must be at most 100 characters")
        let bad = PageRequest<Key>(
            Request(method: .get, target: "/v1/things?limit=0&cursor=nonsense"), maximumLimit: 50, errors: &errors)
        #expect(errors.items.map(\.field) == ["q", "limit", "cursor"])
        #expect(
            errors.items.map(\.message) == [
                "must be at most 100 characters", "must be an integer from 1 to 50", "is not a valid cursor",
            ])
        #expect(bad.limit == 20 && bad.cursor == nil)
        var none = FieldErrors()
        let good = PageRequest<Key>(Request(method: .get, target: "/v1/things?limit=7"), errors: &none)
        #expect(none.isEmpty && good.limit == 7 && good.cursor == nil)
    }

    @Test func aLimitReadAloneLeavesTheCursorAlone() {
        var errors = FieldErrors()
        let request = Request(method: .get, target: "/v1/things?cursor=nonsense")
        #expect(PageRequest<Key>.limit(of: request, defaultLimit: 10, errors: &errors) == 10)
        #expect(errors.isEmpty)
        let tooMany = Request(method: .get, target: "/v1/things?limit=101")
        #expect(PageRequest<Key>.limit(of: tooMany, errors: &errors) == 20)
        #expect(errors.items.map(\.message) == ["must be an integer from 1 to 100"])
    }

    @Test func pageKeepsLimitItemsAndPointsPastTheLast() throws {
        let page = Page(fetched: [1, 2, 3], limit: 2) { $0 }
        #expect(page.items == [1, 2])
        #expect(try Cursor<Int>(decoding: page.nextCursor!).key == 2)
        let last = Page(fetched: [1, 2], limit: 2) { $0 }
        #expect(last.nextCursor == nil)
        let json = String(decoding: try JSONEncoder().encode(last), as: UTF8.self)
        #expect(json.contains("\"nextCursor\":null"))
    }
}
