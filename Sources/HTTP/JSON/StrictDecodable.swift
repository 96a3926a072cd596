import Foundation

/// A request body type decoded strictly: unknown keys, duplicate keys, wrong types and missing fields are
/// all reported as field errors (400), never ignored.
///
/// Unknown keys are found by encoding the decoded value again and comparing key sets, so the type's own
/// `CodingKeys` are the list of allowed keys, at every nesting level, with nothing to keep in sync.
public protocol StrictDecodable: Codable {
    /// Checks values after decoding (ranges, formats); every problem is reported at once.
    func validate() -> [FieldError]
}

extension StrictDecodable {
    /// No checks beyond decoding.
    public func validate() -> [FieldError] { [] }
}

/// Strict JSON decoding of request bodies.
public enum StrictJSON {
    /// Decodes `bytes` as `T`, collecting every problem into one `RequestError.validation`.
    public static func decode<T: StrictDecodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        guard let duplicates = DuplicateKeyScanner.duplicates(in: bytes),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        else {
            throw RequestError.badRequest("the body is not valid JSON")
        }
        var errors = duplicates.map { FieldError(field: $0, message: "appears more than once") }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            errors.append(fieldError(for: error))
            throw RequestError.validation(errors)
        }
        let encoded = (try? JSONEncoder().encode(value)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
        errors += unknownKeys(in: object, allowed: encoded, path: "").map {
            FieldError(field: $0, message: "is not a known field")
        }
        errors += value.validate()
        if !errors.isEmpty { throw RequestError.validation(errors) }
        return value
    }

    /// Keys present in `input` but absent from `allowed` (the re-encoded value), by dotted path.
    static func unknownKeys(in input: Any, allowed: Any?, path: String) -> [String] {
        func join(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        if let object = input as? [String: Any] {
            let known = allowed as? [String: Any] ?? [:]
            var unknown: [String] = []
            for key in object.keys.sorted() {
                let value = object[key]!
                if let knownValue = known[key] {
                    unknown += unknownKeys(in: value, allowed: knownValue, path: join(key))
                } else if !(value is NSNull) {
                    // An optional field sent as null is not re-encoded; only non-null extras are unknown.
                    unknown.append(join(key))
                }
            }
            return unknown
        }
        if let array = input as? [Any], let knownArray = allowed as? [Any] {
            return array.enumerated().flatMap { index, element in
                unknownKeys(
                    in: element, allowed: index < knownArray.count ? knownArray[index] : nil, path: join(String(index)))
            }
        }
        return []
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
    /// A JSON response of `value` (`application/json`).
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) throws -> Response {
        let body = try JSONEncoder().encode(value)
        return Response(status: status, headers: ["Content-Type": "application/json"], body: .bytes(Array(body)))
    }
}
