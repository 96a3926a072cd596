import Foundation
import HTTP
import ServiceKit
import Time

/// `/v1/admin/discounts*` and `/v1/admin/tax-rates*` (admins): discount codes and tax rates.
struct AdminRoutes: Sendable {
    let service: BillingService

    static func rules(_ body: DiscountBody) -> DiscountStore.Rules {
        DiscountStore.Rules(
            code: body.code, kind: body.kind, percentBasisPoints: body.percentBasisPoints, amount: body.amount,
            currency: body.currency, startsAt: body.startsAt.flatMap(RFC3339.date),
            endsAt: body.endsAt.flatMap(RFC3339.date), maxRedemptions: body.maxRedemptions,
            maxPerUser: body.maxPerUser, scope: body.scope,
            scopeIds: (body.scopeIds ?? []).compactMap(UUID.init(uuidString:)), minimumAmount: body.minimumAmount,
            minimumCurrency: body.minimumCurrency, isActive: body.isActive ?? true)
    }

    func add(to router: inout Router, authenticated: any Middleware) {
        let discounts = service.discounts
        let taxes = service.taxes
        let ids = service.ids
        let adminOnly = RoleMiddleware(.admin)
        router.group("/v1/admin/discounts", middleware: [authenticated, adminOnly]) { group in
            group.post("", maxBodyBytes: 16 << 10) { request, _ in
                let body = try request.decode(DiscountBody.self, for: .creation)
                guard let created = try await discounts.create(Self.rules(body)) else {
                    throw ServiceError.conflict(code: "codeTaken", detail: "another discount code has this text")
                }
                var response = try Response.json(DiscountResponse(created), status: .created)
                response.headers.set("Location", "/v1/admin/discounts/" + created.id.lowercased)
                return response
            }
            group.get("") { request, _ in
                var errors = FieldErrors()
                request.checkQueryNames(["limit", "cursor"], errors: &errors)
                let page = PageRequest<UUID>(request, errors: &errors)
                try errors.throwIfAny()
                let found = try await discounts.list(after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: found.map(DiscountResponse.init), limit: page.limit) { UUID(uuidString: $0.id)! })
            }
            group.get(":id") { _, context in
                guard let id = UUID(text: context.parameters["id"] ?? ""), let code = try await discounts.find(id)
                else { throw ServiceError.notFound }
                return try .json(DiscountResponse(code))
            }
            group.put(":id", maxBodyBytes: 16 << 10) { request, context in
                let body = try request.decode(DiscountBody.self, for: .change)
                guard let id = UUID(text: context.parameters["id"] ?? ""), let code = try await discounts.find(id)
                else { throw ServiceError.notFound }
                guard code.code.lowercased() == body.code.lowercased() else {
                    throw RequestError.validation([FieldError(field: "code", message: "cannot be changed")])
                }
                guard let updated = try await discounts.update(id, Self.rules(body)) else {
                    throw ServiceError.notFound
                }
                return try .json(DiscountResponse(updated))
            }
            group.delete(":id") { _, context in
                guard let id = UUID(text: context.parameters["id"] ?? ""), try await discounts.find(id) != nil else {
                    throw ServiceError.notFound
                }
                guard try await discounts.delete(id) else {
                    throw ServiceError.conflict(
                        code: "discountUsed", detail: "payments used this code: deactivate it instead")
                }
                return Response(status: .noContent)
            }
        }
        router.group("/v1/admin/tax-rates", middleware: [authenticated, adminOnly]) { group in
            group.get("") { request, _ in
                var errors = FieldErrors()
                request.checkQueryNames([], errors: &errors)
                try errors.throwIfAny()
                return try .json(TaxRateListResponse(items: try await taxes.list().map(TaxRateResponse.init)))
            }
            group.put("", maxBodyBytes: 4 << 10) { request, _ in
                let body = try request.decode(TaxRateBody.self, for: .change)
                let rate = try await taxes.upsert(
                    country: body.country, region: body.region ?? "", basisPoints: body.basisPoints, name: body.name,
                    id: ids.next())
                return try .json(TaxRateResponse(rate))
            }
            group.delete(":id") { _, context in
                guard let id = UUID(text: context.parameters["id"] ?? ""), try await taxes.delete(id) else {
                    throw ServiceError.notFound
                }
                return Response(status: .noContent)
            }
        }
    }
}
