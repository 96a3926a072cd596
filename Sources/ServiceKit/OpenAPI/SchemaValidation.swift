import HTTP

extension JSONSchema {
    /// What in `value` this schema does not allow, one line each with its path (`$.items.0.id`); empty when it
    /// conforms. Covers what the documents use: types, members, closed objects, maps, items, enumerations, bounds,
    /// lengths and patterns (formats are descriptive and not checked).
    public func violations(of value: JSONValue, at path: String = "$") -> [String] {
        if reference != nil { return [] }
        if !types.isEmpty, !types.contains(where: { Self.value(value, is: $0) }) {
            return ["\(path) is not \(types.joined(separator: " or "))"]
        }
        var found: [String] = []
        switch value {
        case .object(let members):
            for property in properties
            where property.isRequired && !members.contains(where: { $0.key == property.name }) {
                found.append("\(path).\(property.name) is missing")
            }
            for member in members {
                if let property = properties.first(where: { $0.name == member.key }) {
                    found += property.schema.violations(of: member.value, at: "\(path).\(member.key)")
                } else if let additionalProperties {
                    found += additionalProperties.violations(of: member.value, at: "\(path).\(member.key)")
                } else if closed {
                    found.append("\(path).\(member.key) is not in the schema")
                }
            }
            if let maxProperties, members.count > maxProperties { found.append("\(path) has too many members") }
        case .array(let elements):
            if let items {
                for (index, element) in elements.enumerated() {
                    found += items.violations(of: element, at: "\(path).\(index)")
                }
            }
            if let maxItems, elements.count > maxItems { found.append("\(path) has more than \(maxItems) items") }
        case .string(let text):
            if let enumeration, !enumeration.contains(text) { found.append("\(path) is not one of \(enumeration)") }
            let length = text.unicodeScalars.count
            if let maxLength, length > maxLength { found.append("\(path) is longer than \(maxLength)") }
            if let minLength, length < minLength { found.append("\(path) is shorter than \(minLength)") }
            if let pattern, !TextPattern(pattern).matches(text) { found.append("\(path) does not match \(pattern)") }
        case .number(let text):
            if let number = Double(text) {
                if let minimum, number < Double(minimum) { found.append("\(path) is below \(minimum)") }
                if let maximum, number > Double(maximum) { found.append("\(path) is above \(maximum)") }
            }
        case .null, .bool:
            break
        }
        return found
    }

    private static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"),
            (.number, "number"):
            return true
        case (.number(let text), "integer"):
            return !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        default:
            return false
        }
    }
}

extension OpenAPIDocument {
    /// The operation documented for `method` on `path` (a request target; the query is ignored).
    public func operation(_ method: HTTPMethod, _ path: String) -> OpenAPIOperation? {
        let segments = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/") } ?? []
        // A literal segment wins over a parameter (`/v1/courses/suggest` over `/v1/courses/{course}`), as in the router.
        let matching = operations.filter { operation in
            guard operation.method == method || (method == .head && operation.method == .get) else { return false }
            let template = operation.path.split(separator: "/")
            guard template.count == segments.count else { return false }
            return zip(template, segments).allSatisfy { expected, actual in
                (expected.hasPrefix("{") && expected.hasSuffix("}")) || expected == actual
            }
        }
        return matching.min { $0.path.filter { $0 == "{" }.count < $1.path.filter { $0 == "{" }.count }
    }

    /// How an answer differs from this document: a status the operation does not list, or a success body its
    /// schema does not allow (unless it came in one of the operation's alternative media types). Services' test harnesses check every answer of their suites with it, so the whole
    /// suite keeps the document true.
    public func problems(
        _ method: HTTPMethod, _ path: String, status: Int, body: [UInt8], contentType: String? = nil
    ) -> [String] {
        guard let operation = operation(method, path) else { return [] }
        if let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces),
            operation.alternativeContentTypes.contains(type)
        {
            return []
        }
        let name = "\(method.rawValue) \(operation.path)"
        guard operation.statuses.contains(status) || status == 405 else {
            return ["\(name) answered \(status), which its document does not list"]
        }
        guard status == operation.successStatus, let schema = operation.successSchema else { return [] }
        guard let parsed = JSONParser.parse(body) else { return ["\(name) answered a body that is not JSON"] }
        return schema.violations(of: parsed.value).map { "\(name): \($0)" }
    }
}
