import Foundation
import HTTP

/// An OpenAPI 3.1 document listing a service's operations, served at `GET /openapi.json`.
///
/// Tests compare `routes` with the router's, so the document cannot drift from what is served.
public struct OpenAPIDocument: Sendable {
    /// The API's title, e.g. `Campus identity`.
    public var title: String
    /// The API's version.
    public var version: String
    /// The operations.
    public var operations: [OpenAPIOperation]

    /// Creates a document; the shared operations (health, metrics, this document) are added.
    public init(title: String, version: String = "1.0.0", operations: [OpenAPIOperation]) {
        self.title = title
        self.version = version
        self.operations = operations + Self.shared
    }

    /// The operations every service serves.
    public static let shared: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/healthz", "Whether the process is alive", tag: "operations", successContentType: "text/plain"),
        OpenAPIOperation(
            .get, "/readyz", "Whether the database answers and migrations are current", tag: "operations",
            successContentType: "text/plain", otherStatuses: [503]),
        OpenAPIOperation(
            .get, "/metrics", "Prometheus metrics", tag: "operations", successContentType: "text/plain"),
        OpenAPIOperation(.get, "/openapi.json", "This document", tag: "operations"),
    ]

    /// A path segment: one line of text, as `URLTextMiddleware` allows.
    static let pathText: JSONSchema = {
        var schema = JSONSchema.string
        schema.pattern = TextRules.nonBlankLinePattern
        return schema
    }()

    /// The documented routes in the router's form, for comparison with `Router.routeDescriptions`.
    public var routes: Set<RouteDescription> {
        Set(operations.map { RouteDescription(method: $0.method, path: $0.routerPath) })
    }

    /// The document as JSON.
    public func jsonData() -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var responses: [String: Any] = [:]
            for status in operation.statuses {
                if status == operation.successStatus || (200..<400).contains(status) {
                    var response: [String: Any] = ["description": HTTPStatus(code: status).reasonPhrase]
                    if status != 204 && status != 304 {
                        var content: [String: Any] = [
                            operation.successContentType: [
                                "schema": operation.successSchema?.jsonObject ?? [String: Any]()
                            ]
                        ]
                        for type in operation.alternativeContentTypes { content[type] = ["schema": ["type": "string"]] }
                        response["content"] = content
                    }
                    responses[String(status)] = response
                } else {
                    responses[String(status)] = [
                        "description": HTTPStatus(code: status).reasonPhrase,
                        "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
                    ]
                }
            }
            var entry: [String: Any] = [
                "summary": operation.summary, "tags": [operation.tag],
                "operationId": operation.method.rawValue.lowercased() + operation.path,
                "responses": responses,
            ]
            var parameters: [[String: Any]] = operation.path.split(separator: "/")
                .filter { $0.hasPrefix("{") }
                .map { segment in
                    let name = String(segment.dropFirst().dropLast())
                    let schema = operation.pathParameters.first { $0.name == name }?.schema ?? Self.pathText
                    return ["name": name, "in": "path", "required": true, "schema": schema.jsonObject]
                }
            parameters += operation.queryParameters.map {
                ["name": $0.name, "in": $0.location, "required": $0.isRequired, "schema": $0.schema.jsonObject]
            }
            if !parameters.isEmpty { entry["parameters"] = parameters }
            if let body = operation.requestBody {
                entry["requestBody"] = [
                    "required": !operation.bodyIsOptional,
                    "content": [
                        "application/json": operation.requestExample
                            .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
                            .map { ["schema": body.jsonObject, "example": $0] } ?? ["schema": body.jsonObject]
                    ],
                ]
            }
            if operation.requiresAuthentication { entry["security"] = [["bearer": [String]()]] }
            if operation.requiresServiceCredential { entry["security"] = [["service": [String]()]] }
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": title, "version": version],
            "paths": paths,
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"],
                    "service": [
                        "type": "apiKey", "in": "header", "name": "Authorization",
                        "description": "`Service <token>`: a service credential, for calls between services",
                    ],
                ],
                "schemas": [
                    "Problem": [
                        "type": "object",
                        "required": ["type", "title", "status", "code"],
                        "properties": [
                            "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                            "detail": ["type": "string"], "code": ["type": "string"], "requestId": ["type": "string"],
                            "errors": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": ["field": ["type": "string"], "message": ["type": "string"]],
                                ],
                            ],
                        ],
                    ]
                ],
            ],
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
    }

    /// Adds `GET /openapi.json` to `router`.
    public func addRoute(to router: inout Router) {
        let body = Array(jsonData())
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: ["Content-Type": "application/json"], body: .bytes(body))
        }
    }
}
