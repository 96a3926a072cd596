import Foundation

/// A JSON Schema (the 2020-12 dialect OpenAPI 3.1 uses), as much of it as the documents need.
///
/// Request body schemas are not written by hand: `SchemaProbe` derives them from the body type's decoding and
/// its `validate()` checks (see `Checks`), so they say what the handler accepts.
public struct JSONSchema: Sendable, Equatable {
    /// The JSON types allowed, e.g. `["string"]`, `["string", "null"]`; empty for any value.
    public var types: [String] = []
    /// A named format: `uuid`, `email`, `date`, `date-time`, `uri`.
    public var format: String?
    /// Object members in declaration order.
    public var properties: [Property] = []
    /// Whether members other than `properties` are refused (`additionalProperties: false`).
    public var closed = false
    /// The schema of every other member, for maps such as `socialLinks`.
    public var additionalProperties: JSONSchema? {
        get { additional.first }
        set { additional = newValue.map { [$0] } ?? [] }
    }
    /// The schema of a map's keys.
    public var propertyNames: JSONSchema? {
        get { names.first }
        set { names = newValue.map { [$0] } ?? [] }
    }
    /// The schema of an array's items.
    public var items: JSONSchema? {
        get { itemSchemas.first }
        set { itemSchemas = newValue.map { [$0] } ?? [] }
    }
    /// The fewest characters (Unicode scalars) of a string.
    public var minLength: Int?
    /// The most characters (Unicode scalars) of a string.
    public var maxLength: Int?
    /// A regular expression a string matches (ECMAScript; written to mean the same in ICU).
    public var pattern: String?
    /// The strings allowed (`enum`).
    public var enumeration: [String]?
    /// The smallest number allowed.
    public var minimum: Int?
    /// The largest number allowed.
    public var maximum: Int?
    /// The fewest items of an array.
    public var minItems: Int?
    /// The most items of an array.
    public var maxItems: Int?
    /// The most members of an object.
    public var maxProperties: Int?
    /// A reference to a shared schema (`#/components/schemas/Name`) instead of the fields above.
    public var reference: String?
    /// One line on what the value is.
    public var description: String?

    private var additional: [JSONSchema] = []
    private var names: [JSONSchema] = []
    private var itemSchemas: [JSONSchema] = []

    /// One member of an object schema.
    public struct Property: Sendable, Equatable {
        /// The member's key.
        public var name: String
        /// Its schema.
        public var schema: JSONSchema
        /// Whether it must be present.
        public var isRequired: Bool

        /// Creates a member.
        public init(_ name: String, _ schema: JSONSchema, required: Bool = false) {
            self.name = name
            self.schema = schema
            self.isRequired = required
        }
    }

    /// A schema allowing `types`.
    public init(types: [String] = [], format: String? = nil) {
        self.types = types
        self.format = format
    }

    /// Any string.
    public static var string: JSONSchema { JSONSchema(types: ["string"]) }
    /// Any integer.
    public static var integer: JSONSchema { JSONSchema(types: ["integer"]) }
    /// Any number.
    public static var number: JSONSchema { JSONSchema(types: ["number"]) }
    /// `true` or `false`.
    public static var boolean: JSONSchema { JSONSchema(types: ["boolean"]) }

    /// A string of the named format.
    public static func string(format: String) -> JSONSchema { JSONSchema(types: ["string"], format: format) }

    /// An array of `items`.
    public static func array(of items: JSONSchema, maxItems: Int? = nil) -> JSONSchema {
        var schema = JSONSchema(types: ["array"])
        schema.items = items
        schema.maxItems = maxItems
        return schema
    }

    /// A closed object of `properties`.
    public static func object(_ properties: [Property]) -> JSONSchema {
        var schema = JSONSchema(types: ["object"])
        schema.properties = properties
        schema.closed = true
        return schema
    }

    /// A string that is one of `values`.
    public static func oneOf(_ values: [String]) -> JSONSchema {
        var schema = JSONSchema.string
        schema.enumeration = values
        return schema
    }

    /// A reference to the shared schema `name`.
    public static func ref(_ name: String) -> JSONSchema {
        var schema = JSONSchema()
        schema.reference = "#/components/schemas/" + name
        return schema
    }

    /// This schema allowing `null` as well.
    public var nullable: JSONSchema {
        var schema = self
        if !schema.types.isEmpty, !schema.types.contains("null") { schema.types.append("null") }
        return schema
    }

    /// The member named `name`, for changes in place.
    public subscript(property name: String) -> JSONSchema? {
        get { properties.first { $0.name == name }?.schema }
        set {
            guard let index = properties.firstIndex(where: { $0.name == name }) else { return }
            if let newValue { properties[index].schema = newValue } else { properties.remove(at: index) }
        }
    }

    /// Marks member `name` required.
    public mutating func require(_ name: String) {
        if let index = properties.firstIndex(where: { $0.name == name }) { properties[index].isRequired = true }
    }

    /// The schema as a JSON object (for `JSONSerialization`).
    public var jsonObject: [String: Any] {
        if let reference { return ["$ref": reference] }
        var object: [String: Any] = [:]
        if types.count == 1 { object["type"] = types[0] } else if !types.isEmpty { object["type"] = types }
        if let format { object["format"] = format }
        if types.contains("object") {
            if !properties.isEmpty {
                var members: [String: Any] = [:]
                for property in properties { members[property.name] = property.schema.jsonObject }
                object["properties"] = members
                let required = properties.filter(\.isRequired).map(\.name)
                if !required.isEmpty { object["required"] = required }
            }
            if let additionalProperties {
                object["additionalProperties"] = additionalProperties.jsonObject
            } else if closed {
                object["additionalProperties"] = false
            }
            if let propertyNames { object["propertyNames"] = propertyNames.jsonObject }
        }
        if let items { object["items"] = items.jsonObject }
        if let minLength { object["minLength"] = minLength }
        if let maxLength { object["maxLength"] = maxLength }
        if let pattern { object["pattern"] = pattern }
        if let enumeration {
            object["enum"] = types.contains("null") ? enumeration.map { $0 as Any } + [NSNull()] : enumeration
        }
        if let minimum { object["minimum"] = minimum }
        if let maximum { object["maximum"] = maximum }
        if let minItems { object["minItems"] = minItems }
        if let maxItems { object["maxItems"] = maxItems }
        if let maxProperties { object["maxProperties"] = maxProperties }
        if let description { object["description"] = description }
        return object
    }
}
