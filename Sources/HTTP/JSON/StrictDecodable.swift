import Foundation

/// A request body type decoded strictly: unknown keys (whatever their value, `null` included), duplicate keys,
/// wrong types, missing fields and control characters are all reported as field errors (400), never ignored.
///
/// The allowed keys are the ones the type's `init(from:)` asks for, at every nesting level, so the type's own
/// `CodingKeys` are the list, with nothing to keep in sync (see `JSONTreeDecoder`).
///
/// The type itself may be passed between tasks (`SendableMetatype`): documents keep a body type to check their
/// examples from any task.
public protocol StrictDecodable: Decodable, SendableMetatype {
    /// Checks values after decoding (ranges, formats); every problem is reported at once.
    func validate() -> [FieldError]

    /// Keys whose text may span lines (tab, line feed and carriage return allowed), e.g. `description`. Every
    /// other string of the body must be one line. Other control characters are refused everywhere.
    static var multilineFields: Set<String> { get }
}

extension StrictDecodable {
    /// No checks beyond decoding.
    public func validate() -> [FieldError] { [] }

    /// No field spans lines.
    public static var multilineFields: Set<String> { [] }
}

/// Strict JSON decoding of request bodies.
public enum StrictJSON {
    /// Decodes `bytes` as `T`, collecting every problem into one `RequestError.validation`.
    public static func decode<T: StrictDecodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        guard let parsed = JSONParser.parse(bytes) else {
            throw RequestError.badRequest("the body is not valid JSON")
        }
        var errors = parsed.duplicates.map { FieldError(field: $0, message: "appears more than once") }
        errors += TextRules.problems(in: parsed.value, multiline: T.multilineFields)
        let value: T
        let ledger: JSONTreeDecoder.KeyLedger
        do {
            (value, ledger) = try JSONTreeDecoder.decode(T.self, from: parsed.value)
        } catch let error as DecodingError {
            errors.append(fieldError(for: error))
            throw RequestError.validation(errors)
        }
        errors += unknownKeys(in: parsed.value, ledger: ledger, path: []).map {
            FieldError(field: $0, message: "is not a known field")
        }
        errors += value.validate()
        if !errors.isEmpty { throw RequestError.validation(errors) }
        return value
    }

    /// Keys present in `input` that the decoded type never asked for, by dotted path.
    static func unknownKeys(in input: JSONValue, ledger: JSONTreeDecoder.KeyLedger, path: [String]) -> [String] {
        switch input {
        case .object(let members):
            let readWhole = ledger.readWhole.contains(path)
            var unknown: [String] = []
            for member in members {
                let memberPath = path + [member.key]
                if readWhole || ledger.requested.contains(memberPath) {
                    unknown += unknownKeys(in: member.value, ledger: ledger, path: memberPath)
                } else {
                    unknown.append(memberPath.joined(separator: "."))
                }
            }
            return unknown
        case .array(let elements):
            return elements.enumerated().flatMap { index, element in
                unknownKeys(in: element, ledger: ledger, path: path + [String(index)])
            }
        default:
            return []
        }
    }

    static func fieldError(for error: DecodingError) -> FieldError {
        func path(_ context: DecodingError.Context, extra: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            let joined = keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "$" : joined
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context, extra: key), message: "is required")
        case .typeMismatch(let type, let context):
            return FieldError(field: path(context), message: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return FieldError(field: path(context), message: "must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            return FieldError(field: path(context), message: "is not valid")
        @unknown default:
            return FieldError(field: "$", message: "is not valid")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        default: "of another type"
        }
    }
}

extension Request {
    /// Decodes the JSON body strictly; the content type must be JSON (415 otherwise).
    public func decode<T: StrictDecodable>(_ type: T.Type = T.self) throws -> T {
        let contentType = headers["content-type"]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
            throw RequestError.unsupportedMediaType
        }
        return try StrictJSON.decode(T.self, from: body)
    }
}

extension Response {
    /// A JSON response of `value` (`application/json`), written by `JSONWriter`: ids lower case.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) throws -> Response {
        let body = try JSONWriter().encode(value)
        return Response(status: status, headers: ["Content-Type": "application/json"], body: .bytes(body))
    }
}
