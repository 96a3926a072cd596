import Foundation
import HTTP

/// A type that says its own schema and gives a value to stand for it while probing (enumerations, ids).
public protocol SchemaDescribing {
    /// The type's schema.
    static var schema: JSONSchema { get }
    /// Any valid value, which the probe hands to the decoding type in place of input.
    static var placeholder: Self { get }
}

extension SchemaDescribing where Self: CaseIterable & RawRepresentable, RawValue == String {
    /// One of the raw values.
    public static var schema: JSONSchema { .oneOf(allCases.map(\.rawValue)) }
    /// The first case.
    public static var placeholder: Self { allCases.first! }
}

/// Derives the JSON Schema of a decoding type by decoding it from a decoder that answers every question with a
/// placeholder and writes down the questions: the keys asked for (asked with `decodeIfPresent` or after
/// `contains`: optional), their types, arrays, maps (a decoder asked for `allKeys`), `null` allowed (asked with
/// `decodeNil`). For a `StrictDecodable` body the probe then runs `validate()` on the placeholder value with a
/// `FieldRuleRecorder`, and the rules its checks name become lengths, patterns, enumerations, ranges and
/// required members; strings get the control-character rule of `TextRules`, and objects are closed.
public enum SchemaProbe {
    /// The schema of request body type `type`.
    public static func schema<T: StrictDecodable>(of type: T.Type) throws -> JSONSchema {
        let (value, structure) = try probe(type)
        var schema = structure
        applyTextRule(to: &schema, multiline: type.multilineFields, key: nil)
        let recorder = FieldRuleRecorder()
        _ = FieldRuleRecorder.$current.withValue(recorder) { value.validate() }
        for (field, rule) in recorder.rules {
            apply(rule, at: field.split(separator: ".").map(String.init)[...], to: &schema)
        }
        return schema
    }

    /// The structural schema of `type` (no checks), for response types.
    public static func structure<T: Decodable>(of type: T.Type) throws -> JSONSchema { try probe(type).1 }

    /// A placeholder value of `type` with its schema.
    static func probe<T: Decodable>(_ type: T.Type) throws -> (T, JSONSchema) {
        switch type {
        case is String.Type: return ("" as! T, .string)
        case is Bool.Type: return (false as! T, .boolean)
        case is Int.Type: return (0 as! T, integer(Int.self))
        case is Int64.Type: return (Int64(0) as! T, integer(Int64.self))
        case is Int32.Type: return (Int32(0) as! T, integer(Int32.self))
        case is Double.Type: return (0.0 as! T, .number)
        case is UUID.Type: return (UUID() as! T, .string(format: "uuid"))
        case is Date.Type: return (Date() as! T, .string(format: "date-time"))
        default: break
        }
        if let described = type as? any SchemaDescribing.Type {
            return (described.placeholder as! T, described.schema)
        }
        let decoder = ProbeDecoder()
        let value = try T(from: decoder)
        return (value, decoder.schema)
    }

    /// An integer schema bounded by the range of `type`, which the decoder refuses beyond.
    static func integer<I: FixedWidthInteger>(_ type: I.Type) -> JSONSchema {
        var schema = JSONSchema.integer
        schema.minimum = Int(I.min)
        schema.maximum = Int(I.max)
        return schema
    }

    /// Gives every string the control-character rule: one line, unless its key is in `multiline`.
    static func applyTextRule(to schema: inout JSONSchema, multiline: Set<String>, key: String?) {
        if schema.types.contains("string"), schema.pattern == nil, schema.enumeration == nil, schema.format == nil {
            schema.pattern = key.map(multiline.contains) == true ? TextRules.multilinePattern : TextRules.linePattern
        }
        for index in schema.properties.indices {
            applyTextRule(
                to: &schema.properties[index].schema, multiline: multiline, key: schema.properties[index].name)
        }
        if var items = schema.items {
            applyTextRule(to: &items, multiline: multiline, key: key)
            schema.items = items
        }
        if var additional = schema.additionalProperties {
            applyTextRule(to: &additional, multiline: multiline, key: key)
            schema.additionalProperties = additional
        }
    }

    /// Applies `rule` to the member at `path` (`0` an array's items, `*` a map's values).
    static func apply(_ rule: FieldRule, at path: ArraySlice<String>, to schema: inout JSONSchema) {
        guard let first = path.first else {
            constrain(&schema, rule)
            return
        }
        let rest = path.dropFirst()
        if first == "*" || first.allSatisfy(\.isNumber) {
            if var items = schema.items, first != "*" {
                apply(rule, at: rest, to: &items)
                schema.items = items
            } else if var values = schema.additionalProperties {
                if rest.isEmpty, case .keyLength = rule { return }
                apply(rule, at: rest, to: &values)
                schema.additionalProperties = values
            }
            return
        }
        if rest.isEmpty {
            switch rule {
            case .required:
                // Required means a value: `null` is absence to the checks.
                schema.require(first)
                if var member = schema[property: first] {
                    member.types.removeAll { $0 == "null" }
                    schema[property: first] = member
                }
                return
            case .forbidden:
                schema[property: first] = nil
                return
            default: break
            }
        }
        guard var member = schema[property: first] else { return }
        apply(rule, at: rest, to: &member)
        schema[property: first] = member
    }

    /// Narrows `schema` by `rule`.
    static func constrain(_ schema: inout JSONSchema, _ rule: FieldRule) {
        switch rule {
        case .required, .forbidden: break
        case .nonBlank:
            if schema.pattern == TextRules.multilinePattern {
                schema.pattern = TextRules.nonBlankMultilinePattern
            } else if schema.pattern == TextRules.linePattern || schema.pattern == nil {
                schema.pattern = TextRules.nonBlankLinePattern
            }
            schema.minLength = max(schema.minLength ?? 0, 1)
        case .maxLength(let maximum): schema.maxLength = min(schema.maxLength ?? .max, maximum)
        case .minLength(let minimum): schema.minLength = max(schema.minLength ?? 0, minimum)
        case .pattern(let pattern): schema.pattern = pattern
        case .oneOf(let values):
            schema.enumeration = values
            schema.pattern = nil
        case .format(let format):
            schema.format = format
            schema.pattern = nil
        case .range(let range):
            schema.minimum = max(schema.minimum ?? .min, range.lowerBound)
            schema.maximum = min(schema.maximum ?? .max, range.upperBound)
        case .maxItems(let maximum): schema.maxItems = maximum
        case .maxProperties(let maximum): schema.maxProperties = maximum
        case .keyLength(let length):
            var names = JSONSchema.string
            names.minLength = length.lowerBound
            names.maxLength = length.upperBound
            names.pattern = TextRules.linePattern
            schema.propertyNames = names
        }
    }
}

/// What one value's decoding asked, written down as a schema.
private final class ProbeDecoder: Decoder {
    var schema = JSONSchema()
    /// Keys asked about (`contains`, `decodeIfPresent`) before being decoded: optional members.
    var optionalKeys: Set<String> = []
    /// Keys asked whether they hold `null`.
    var nullableKeys: Set<String> = []
    /// Whether a single value was asked whether it is `null`.
    var isNullable = false
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if !schema.types.contains("object") { schema = JSONSchema.object([]) }
        return KeyedDecodingContainer(ProbeKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        schema = JSONSchema(types: ["array"])
        return ProbeUnkeyedContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ProbeSingleValueContainer(decoder: self) }
}

private struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { [] }

    /// A map (a dictionary asks for its keys): one member stands for all, under `*`.
    var allKeys: [Key] {
        decoder.schema.closed = false
        return Key(stringValue: "*").map { [$0] } ?? []
    }

    /// Keys asked about before being decoded are optional.
    func contains(_ key: Key) -> Bool {
        decoder.optionalKeys.insert(key.stringValue)
        return true
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.nullableKeys.insert(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        var (value, schema) = try SchemaProbe.probe(type)
        if decoder.nullableKeys.contains(key.stringValue) { schema = schema.nullable }
        record(key, schema)
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        decoder.optionalKeys.insert(key.stringValue)
        let (value, schema) = try SchemaProbe.probe(type)
        record(key, schema.nullable)
        return value
    }

    private func record(_ key: Key, _ schema: JSONSchema) {
        if key.stringValue == "*" && decoder.schema.closed == false {
            decoder.schema.additionalProperties = schema
            return
        }
        let required = !decoder.optionalKeys.contains(key.stringValue)
        if let index = decoder.schema.properties.firstIndex(where: { $0.name == key.stringValue }) {
            decoder.schema.properties[index] = .init(key.stringValue, schema, required: required)
        } else {
            decoder.schema.properties.append(.init(key.stringValue, schema, required: required))
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw DecodingError.dataCorruptedError(
            forKey: key, in: self, debugDescription: "a body type decodes nested containers through member types")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.dataCorruptedError(
            forKey: key, in: self, debugDescription: "a body type decodes nested containers through member types")
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }

}

private struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try SchemaProbe.probe(type)
        decoder.schema.items = schema
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not probed"))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not probed"))
    }

    mutating func superDecoder() throws -> any Decoder { decoder }
}

private struct ProbeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { [] }

    /// A value that may be `null` (e.g. `Nullable`).
    func decodeNil() -> Bool {
        decoder.isNullable = true
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try SchemaProbe.probe(type)
        decoder.schema = decoder.isNullable ? schema.nullable : schema
        return value
    }
}
