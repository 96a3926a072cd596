import Contracts
import HTTP
import ServiceKit

/// The billing service's OpenAPI operations, kept equal to the router's routes by a test.
public enum BillingAPI {
    /// Every documented operation.
    public static let operations: [OpenAPIOperation] =
        checkout + payments + admin + discounts + taxes + OutboxAdminRoutes.operations(service: "billing")

    /// The document served at `/openapi.json`.
    public static let document = OpenAPIDocument(title: "Campus billing", operations: operations)

    /// A time filter (RFC 3339).
    static func time(_ name: String) -> OpenAPIParameter {
        var schema = JSONSchema.string
        schema.format = "date-time"
        return OpenAPIParameter(name, schema)
    }

    static let statuses = PaymentStatus.allCases.map(\.rawValue)

    static let checkout: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/checkout/quote",
            "Price courses on the server (catalog's prices, a discount code, the tax of a country and region); writes nothing",
            tag: "checkout", response: QuoteResponse.self, requiresAuthentication: true, body: QuoteBody.self,
            purpose: .creation, otherStatuses: [409, 422, 503]),
        OpenAPIOperation(
            .post, "/v1/checkout",
            "Check out: a pending payment to pay at its provider (or by cash), completed at once when it costs nothing; needs an Idempotency-Key",
            tag: "checkout", response: PaymentResponse.self, requiresAuthentication: true, successStatus: 201,
            body: CheckoutBody.self, purpose: .creation, otherStatuses: [409, 422, 502, 503]),
    ]

    static let payments: [OpenAPIOperation] = [
        {
            var receipt = OpenAPIOperation(
                .get, "/v1/payments/{id}/receipt",
                "The receipt of a paid payment: JSON, or a printable page for Accept: text/html", tag: "payments",
                response: ReceiptResponse.self, requiresAuthentication: true,
                pathParameters: OpenAPIParameter.pathIDs("id"),
                otherStatuses: [409])
            receipt.alternativeContentTypes = ["text/html"]
            return receipt
        }(),
        OpenAPIOperation(
            .get, "/v1/payments", "My payments, newest first, optionally of one status", tag: "payments",
            response: Page<PaymentResponse>.self, requiresAuthentication: true,
            queryParameters: [.limit(), .cursor, .oneOf("status", statuses)]),
        OpenAPIOperation(
            .get, "/v1/payments/{id}", "One of my payments (any, for an admin)", tag: "payments",
            response: PaymentResponse.self, requiresAuthentication: true, pathParameters: OpenAPIParameter.pathIDs("id")
        ),
        OpenAPIOperation(
            .post, "/v1/payments/{id}/cancel", "Give up a payment still waiting to be paid, at its provider too",
            tag: "payments", response: PaymentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id"),
            otherStatuses: [409]),
    ]

    static let admin: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/admin/payments",
            "Every payment, newest first, by status, method, buyer, course and time (admin)",
            tag: "payments", response: Page<PaymentResponse>.self, requiresAuthentication: true,
            queryParameters: [
                .limit(), .cursor, .oneOf("status", statuses), .oneOf("method", PaymentMethod.allCases.map(\.rawValue)),
                .id("userId"), .id("courseId"), time("from"), time("until"),
            ]),
        OpenAPIOperation(
            .post, "/v1/admin/payments/{id}/mark-paid",
            "Mark a pending cash payment paid, with the reference of the cash taken (admin; audited; needs an Idempotency-Key)",
            tag: "payments", response: PaymentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id"),
            body: MarkPaidBody.self, purpose: .creation, otherStatuses: [409]),
    ]

    static let discounts: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/admin/discounts", "Create a discount code (admin); its text is unique in any case",
            tag: "discounts", response: DiscountResponse.self, requiresAuthentication: true, successStatus: 201,
            body: DiscountBody.self, purpose: .creation, otherStatuses: [409]),
        OpenAPIOperation(
            .get, "/v1/admin/discounts", "Discount codes, newest first (admin)", tag: "discounts",
            response: Page<DiscountResponse>.self, requiresAuthentication: true, queryParameters: [.limit(), .cursor]),
        OpenAPIOperation(
            .get, "/v1/admin/discounts/{id}", "One discount code with its redemptions (admin)", tag: "discounts",
            response: DiscountResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id")),
        OpenAPIOperation(
            .put, "/v1/admin/discounts/{id}", "Replace a code's rules; its text stays (admin)", tag: "discounts",
            response: DiscountResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id"),
            body: DiscountBody.self),
        OpenAPIOperation(
            .delete, "/v1/admin/discounts/{id}", "Delete a code no payment used (admin; 409 otherwise: deactivate it)",
            tag: "discounts", requiresAuthentication: true, successStatus: 204,
            pathParameters: OpenAPIParameter.pathIDs("id"),
            otherStatuses: [409]),
    ]

    static let taxes: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/admin/tax-rates", "Every tax rate, by country and region (admin)", tag: "tax",
            response: TaxRateListResponse.self, requiresAuthentication: true),
        OpenAPIOperation(
            .put, "/v1/admin/tax-rates", "Set the tax rate of a country or one of its regions (admin)", tag: "tax",
            response: TaxRateResponse.self, requiresAuthentication: true, body: TaxRateBody.self),
        OpenAPIOperation(
            .delete, "/v1/admin/tax-rates/{id}", "Delete a tax rate (admin)", tag: "tax", requiresAuthentication: true,
            successStatus: 204, pathParameters: OpenAPIParameter.pathIDs("id")),
    ]

}
