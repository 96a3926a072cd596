import HTTP

/// One documented operation: method, path (with `{name}` parameters), summary, what it takes and answers.
public struct OpenAPIOperation: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The path in OpenAPI form, e.g. `/v1/users/{id}`.
    public var path: String
    /// One line on what it does.
    public var summary: String
    /// A tag grouping operations, e.g. `auth`.
    public var tag: String
    /// Whether a bearer token is required.
    public var requiresAuthentication: Bool
    /// Whether a service credential is required (`/internal` routes, `Authorization: Service <token>`).
    public var requiresServiceCredential: Bool
    /// The main success status, e.g. 200 or 201.
    public var successStatus: Int
    /// The success answer's schema, when documented; `nil` for an answer of any JSON (or none, for 204).
    public var successSchema: JSONSchema?
    /// The success answer's media type.
    public var successContentType: String
    /// Other media types the success answer comes in when the request's `Accept` asks for them (a printable
    /// `text/html` page, say); documented as text, not checked against the schema.
    public var alternativeContentTypes: [String] = []
    /// Query parameters.
    public var queryParameters: [OpenAPIParameter]
    /// Path parameters whose schema is narrower than any text, by name (`{id}` as an id).
    public var pathParameters: [OpenAPIParameter]
    /// The request body's schema, derived from the type the handler decodes (`SchemaProbe`).
    public var requestBody: JSONSchema?
    /// An example body (JSON text), from the body type's `BodyExample.example`.
    public var requestExample: String?
    /// What is wrong with `requestExample`: decoding it as the handler does (same purpose and rules) and checking
    /// it against `requestBody`. Tests call it for every operation, so an example cannot go stale.
    public var exampleProblems: @Sendable () -> [String]
    /// Whether the body may be left out (an empty body is the empty object).
    public var bodyIsOptional: Bool
    /// Other statuses this operation answers beyond the ones every operation may (e.g. 409, 412, 304).
    public var otherStatuses: [Int]

    /// Creates an operation.
    public init(
        _ method: HTTPMethod, _ path: String, _ summary: String, tag: String, response: (any Decodable.Type)? = nil,
        requiresAuthentication: Bool = false, requiresServiceCredential: Bool = false, successStatus: Int = 200,
        successContentType: String = "application/json", queryParameters: [OpenAPIParameter] = [],
        pathParameters: [OpenAPIParameter] = [],
        body: (any StrictDecodable.Type)? = nil, purpose: BodyPurpose = .change, bodyRules: BodyRules? = nil,
        bodyIsOptional: Bool = false,
        otherStatuses: [Int] = []
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.requiresAuthentication = requiresAuthentication
        self.requiresServiceCredential = requiresServiceCredential
        self.successStatus = successStatus
        self.successSchema = response.map(Self.structure(of:))
        self.successContentType = successContentType
        self.queryParameters = queryParameters
        self.pathParameters = pathParameters
        let schema = body.map { type in
            BodyPurpose.$current.withValue(purpose) { Self.schema(of: type, within: bodyRules) }
        }
        self.requestBody = schema
        let example = (body as? any BodyExample.Type)?.example
        self.requestExample = example
        if let body, let schema {
            self.exampleProblems = Self.exampleCheck(
                body, schema: schema, example: example, purpose: purpose, rules: bodyRules)
        } else {
            self.exampleProblems = { [] }
        }
        self.bodyIsOptional = bodyIsOptional
        self.otherStatuses = otherStatuses
    }

    /// A check of `example`: decoded as `type` with the handler's purpose and rules, and against `schema`.
    private static func exampleCheck(
        _ type: any StrictDecodable.Type, schema: JSONSchema, example: String?, purpose: BodyPurpose, rules: BodyRules?
    ) -> @Sendable () -> [String] {
        func check<T: StrictDecodable>(_: T.Type) -> @Sendable () -> [String] {
            {
                guard let example else { return ["\(T.self) has no example"] }
                var problems: [String] = []
                func decode() {
                    do {
                        _ = try StrictJSON.decode(T.self, from: Array(example.utf8))
                    } catch let error as RequestError {
                        problems.append(
                            "\(T.self)'s example is refused: \(error.fieldErrors.map { "\($0.field) \($0.message)" })")
                    } catch {
                        problems.append("\(T.self)'s example is refused: \(error)")
                    }
                }
                BodyPurpose.$current.withValue(purpose) {
                    if let rules { rules { decode() } } else { decode() }
                }
                if let parsed = JSONParser.parse(Array(example.utf8)) {
                    problems += schema.violations(of: parsed.value).map { "\(T.self)'s example: \($0)" }
                }
                return problems
            }
        }
        return check(type)
    }

    /// Sets up what a body's `validate()` reads besides the body (task-local rules such as the accepted
    /// currencies, or creation versus change) around the probe, as the handler does around decoding.
    public typealias BodyRules = @Sendable (_ probe: () -> Void) -> Void

    /// The schema of a response type: what its `Decodable` side says, which for the synthesized conformances
    /// (and the hand-written ones, written to match) is what it encodes.
    private static func structure(of type: any Decodable.Type) -> JSONSchema {
        func probe<T: Decodable>(_ type: T.Type) -> JSONSchema {
            do {
                return try SchemaProbe.structure(of: type)
            } catch {
                preconditionFailure("the schema of \(type) cannot be probed: \(error)")
            }
        }
        return probe(type)
    }

    private static func schema(of type: any StrictDecodable.Type, within rules: BodyRules?) -> JSONSchema {
        func probe<T: StrictDecodable>(_ type: T.Type) -> JSONSchema {
            do {
                return try SchemaProbe.schema(of: type)
            } catch {
                preconditionFailure("the schema of \(type) cannot be probed: \(error)")
            }
        }
        guard let rules else { return probe(type) }
        var schema = JSONSchema()
        rules { schema = probe(type) }
        return schema
    }

    /// The path as the router writes it (`:id` for `{id}`).
    public var routerPath: String {
        "/"
            + path.split(separator: "/").map { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
            }.joined(separator: "/")
    }

    /// Every status this operation may answer: its success, the refusals its inputs and guards allow, and the
    /// ones any operation may give (429 from the gateway's limits, 503 when the database is away).
    public var statuses: [Int] {
        var statuses: Set<Int> = [successStatus, 429, 500, 503]
        statuses.formUnion(otherStatuses)
        if requestBody != nil { statuses.formUnion([400, 413, 415]) }
        if !queryParameters.isEmpty || path.contains("{") { statuses.insert(400) }
        if path.contains("{") { statuses.insert(404) }
        if requiresAuthentication || requiresServiceCredential { statuses.formUnion([401, 403]) }
        return statuses.sorted()
    }
}

/// A body type with an example for the documents (JSON text). The example must decode and validate as the
/// handler decodes it, which every service's tests check (`OpenAPIOperation.exampleProblems`).
public protocol BodyExample: StrictDecodable {
    /// A valid body.
    static var example: String { get }
}

/// A query or path parameter and the values it takes.
public struct OpenAPIParameter: Sendable, ExpressibleByStringLiteral {
    /// The name.
    public var name: String
    /// The values it takes.
    public var schema: JSONSchema
    /// Where it goes: `query` (the default), `path` or `header`.
    public var location: String
    /// Whether a request must carry it (path parameters always do).
    public var isRequired = false

    /// A parameter taking `schema`.
    public init(_ name: String, _ schema: JSONSchema, in location: String = "query") {
        self.name = name
        self.schema = schema
        self.location = location
    }

    /// A parameter taking one line of text.
    public init(stringLiteral name: String) {
        var schema = JSONSchema.string
        schema.pattern = TextRules.linePattern
        self.init(name, schema)
    }

    /// A page size (`PageRequest`): 1 to `maximum`.
    public static func limit(maximum: Int = 100) -> OpenAPIParameter {
        var schema = JSONSchema.integer
        schema.minimum = 1
        schema.maximum = maximum
        return OpenAPIParameter("limit", schema)
    }

    /// A page cursor (`PageRequest`), as the previous page gave it; empty for the first page.
    public static var cursor: OpenAPIParameter {
        var schema = JSONSchema.string
        schema.pattern = "^[A-Za-z0-9_-]{0,512}$"
        return OpenAPIParameter("cursor", schema)
    }

    /// `If-Match`: the ETag of the version a change was made against (`"3"`), or `*` (or empty: none).
    public static var ifMatch: OpenAPIParameter {
        var schema = JSONSchema.string
        schema.pattern = "^(|\\*|\"[1-9][0-9]{0,8}\")$"
        return OpenAPIParameter("If-Match", schema, in: "header")
    }

    /// One line of text of at most `maximum` characters.
    public static func text(_ name: String, maximum: Int) -> OpenAPIParameter {
        var schema = JSONSchema.string
        schema.maxLength = maximum
        schema.pattern = TextRules.linePattern
        return OpenAPIParameter(name, schema)
    }

    /// This parameter, required.
    public var required: OpenAPIParameter {
        var parameter = self
        parameter.isRequired = true
        return parameter
    }

    /// One of `values`.
    public static func oneOf(_ name: String, _ values: [String]) -> OpenAPIParameter {
        OpenAPIParameter(name, .oneOf(values))
    }

    /// An id (UUID).
    public static func id(_ name: String) -> OpenAPIParameter {
        var schema = JSONSchema.string(format: "uuid")
        schema.pattern = Checks.idPattern.source
        return OpenAPIParameter(name, schema)
    }

    /// Path parameters named `names`, each an id.
    public static func pathIDs(_ names: String...) -> [OpenAPIParameter] {
        names.map { name in
            var id = OpenAPIParameter.id(name)
            id.location = "path"
            return id
        }
    }
}
