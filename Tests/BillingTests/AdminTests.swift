import Foundation
import HTTP
import Testing

@testable import Billing

@Suite("Admin: discount codes and tax rates")
struct AdminTests {
    @Test func adminsManageDiscountCodesOnceEachWithTheirRulesChecked() async throws {
        let course = Shop.course(price: 10_000)
        try await Shop([course]).with { h, _ in
            let admin = try h.admin()
            let (_, student) = try h.student()
            let body: [String: Any] = [
                "code": "Spring25", "kind": "percent", "percentBasisPoints": 2500, "scope": "all", "maxPerUser": 1,
            ]
            #expect(await h.send(.post, "/v1/admin/discounts", json: body, token: student).status == 403)
            let replies = await withTaskGroup(of: BillingHarness.Reply.self) { group in
                for index in 0..<20 {
                    var mine = body
                    mine["code"] = index % 2 == 0 ? "Spring25" : "SPRING25"
                    nonisolated(unsafe) let sent = mine
                    group.addTask { await h.send(.post, "/v1/admin/discounts", json: sent, token: admin) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 201 }.count == 1)
            #expect(replies.filter { $0.status == 409 && $0.code == "codeTaken" }.count == 19)
            let id = replies.first { $0.status == 201 }!["id"] as! String
            let invalid: [[String: Any]] = [
                ["code": "X1Y", "kind": "percent", "scope": "all"],
                ["code": "FIX", "kind": "fixed", "amount": 500, "scope": "all"],
                ["code": "FIX", "kind": "fixed", "amount": 500, "currency": "usd", "scope": "all"],
                ["code": "SCOPE", "kind": "percent", "percentBasisPoints": 10, "scope": "courses"],
                [
                    "code": "WIN", "kind": "percent", "percentBasisPoints": 10, "scope": "all",
                    "startsAt": "2027-01-02T00:00:00Z", "endsAt": "2027-01-01T00:00:00Z",
                ],
                ["code": "a b", "kind": "percent", "percentBasisPoints": 10, "scope": "all"],
                ["code": "NUL\u{0}", "kind": "percent", "percentBasisPoints": 10, "scope": "all"],
                ["code": "BIG", "kind": "percent", "percentBasisPoints": 10_001, "scope": "all"],
                ["code": "MORE", "kind": "percent", "percentBasisPoints": 10, "scope": "all", "redemptions": 0],
            ]
            for bad in invalid {
                let reply = await h.send(.post, "/v1/admin/discounts", json: bad, token: admin)
                #expect(reply.status == 400, "\(bad): \(reply.text)")
            }
            var changed = body
            changed["percentBasisPoints"] = 5000
            changed["code"] = "spring25"
            let updated = await h.send(.put, "/v1/admin/discounts/\(id)", json: changed, token: admin)
            #expect(updated.status == 200 && updated["percentBasisPoints"] as? Int == 5000)
            changed["code"] = "OTHER"
            #expect(await h.send(.put, "/v1/admin/discounts/\(id)", json: changed, token: admin).status == 400)
            let paid = await h.checkout(BillingHarness.checkout([course.id], code: "spring25"), token: student)
            #expect(paid.status == 201 && paid["discount"] as? Int == 5000)
            #expect(await h.send(.get, "/v1/admin/discounts/\(id)", token: admin)["redemptions"] as? Int == 1)
            #expect(await h.send(.delete, "/v1/admin/discounts/\(id)", token: admin).code == "discountUsed")
            let spare = await h.send(
                .post, "/v1/admin/discounts",
                json: ["code": "SPARE", "kind": "fixed", "amount": 100, "currency": "USD", "scope": "all"], token: admin
            )
            #expect(await h.send(.delete, "/v1/admin/discounts/\(spare["id"] as! String)", token: admin).status == 204)
            #expect(await h.send(.get, "/v1/admin/discounts", token: admin).items.count == 1)
        }
    }

    @Test func aTaxRateIsOnePerPlaceAndChangesTheQuote() async throws {
        let course = Shop.course(price: 10_000)
        try await Shop([course]).with { h, _ in
            let admin = try h.admin()
            let (_, student) = try h.student()
            let body: [String: Any] = ["country": "DE", "basisPoints": 1900, "name": "MwSt"]
            #expect(await h.send(.put, "/v1/admin/tax-rates", json: body, token: student).status == 403)
            let first = await h.send(.put, "/v1/admin/tax-rates", json: body, token: admin)
            var lower = body
            lower["basisPoints"] = 700
            let second = await h.send(.put, "/v1/admin/tax-rates", json: lower, token: admin)
            #expect(first["id"] as? String == second["id"] as? String && second["basisPoints"] as? Int == 700)
            for bad in [
                ["country": "de", "basisPoints": 1, "name": "x"],
                ["country": "DE", "basisPoints": 10_001, "name": "x"],
            ] {
                #expect(await h.send(.put, "/v1/admin/tax-rates", json: bad, token: admin).status == 400)
            }
            let quote = await h.send(
                .post, "/v1/checkout/quote", json: ["courseIds": [course.id], "country": "DE"], token: student)
            #expect(quote["tax"] as? Int == 700 && quote["total"] as? Int == 10_700)
            #expect(await h.send(.get, "/v1/admin/tax-rates", token: admin).items.count == 1)
            let id = second["id"] as! String
            #expect(await h.send(.delete, "/v1/admin/tax-rates/\(id)", token: admin).status == 204)
            #expect(await h.send(.delete, "/v1/admin/tax-rates/\(id)", token: admin).status == 404)
        }
    }
}
