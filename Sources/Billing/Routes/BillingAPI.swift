import Contracts
import HTTP
import ServiceKit

/// The billing service's OpenAPI operations, kept equal to the router's routes by a test.
public enum BillingAPI {
    /// Every documented operation.
    public static let operations: [OpenAPIOperation] = OutboxAdminRoutes.operations(service: "billing")

    /// The document served at `/openapi.json`.
    public static let document = OpenAPIDocument(title: "Campus billing", operations: operations)

    /// Path parameters, all ids.
    static func path(_ names: String...) -> [OpenAPIParameter] {
        names.map { name in
            var id = OpenAPIParameter.id(name)
            id.location = "path"
            return id
        }
    }
}
