import Foundation
import HTTP

/// The field checks of every service's request bodies.
///
/// - Lengths count Unicode scalars, as PostgreSQL's `char_length` and JSON Schema's `maxLength` do, so a value
///   that passes here passes the table's checks and the document's schema alike (`"e\u{301}"` is 2).
/// - Texts are checked trimmed of white space and line breaks; `required` means not empty once trimmed.
/// - Each check names its rule (`FieldRule`) before looking at the value, which is how `SchemaProbe` learns a
///   body's schema from its `validate()`: a check cannot be added without the document saying so.
///
/// Services add their own checks in extensions, built from these.
public enum Checks {
    /// `value` trimmed of white space and line breaks.
    public static func trimmed(_ value: String) -> String { value.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// An error when `value` is absent.
    public static func required(_ value: (some Any)?, _ field: String) -> [FieldError] {
        FieldRuleRecorder.note(field, .required)
        return value == nil ? [FieldError(field: field, message: "is required")] : []
    }

    /// An error (`message`) when `value` is present.
    public static func absent(_ value: (some Any)?, _ field: String, _ message: String) -> [FieldError] {
        FieldRuleRecorder.note(field, .forbidden)
        return value == nil ? [] : [FieldError(field: field, message: message)]
    }

    /// `value` trimmed: at most `maximum` characters, and not empty when `required`.
    public static func text(_ value: String, _ field: String, maximum: Int, required: Bool = false) -> [FieldError] {
        FieldRuleRecorder.note(field, .maxLength(maximum))
        if required { FieldRuleRecorder.note(field, .nonBlank) }
        let trimmed = trimmed(value)
        if required && trimmed.isEmpty { return [FieldError(field: field, message: "is required")] }
        if value.unicodeScalars.count > maximum {
            return [FieldError(field: field, message: "must be at most \(maximum) characters")]
        }
        return []
    }

    /// A list of short texts: at most `count` items, each not blank and at most `length` characters.
    public static func list(_ values: [String], _ field: String, count: Int = 20, length: Int = 200) -> [FieldError] {
        var errors = self.count(values, field, maximum: count)
        for (index, value) in values.enumerated().prefix(count) {
            errors += text(value, "\(field).\(index)", maximum: length, required: true)
        }
        return errors
    }

    /// Not empty (white space counts), at most `maximum` characters: secrets and tokens, taken as typed.
    public static func present(_ value: String, _ field: String, maximum: Int = 1024) -> [FieldError] {
        FieldRuleRecorder.note(field, .minLength(1), .maxLength(maximum))
        if value.isEmpty { return [FieldError(field: field, message: "is required")] }
        if value.unicodeScalars.count > maximum {
            return [FieldError(field: field, message: "must be at most \(maximum) characters")]
        }
        return []
    }

    /// At most `maximum` items (or members of a map).
    public static func count<C: Collection>(_ values: C, _ field: String, maximum: Int) -> [FieldError] {
        FieldRuleRecorder.note(field, values is [String: Any] ? .maxProperties(maximum) : .maxItems(maximum))
        return values.count > maximum ? [FieldError(field: field, message: "must have at most \(maximum) items")] : []
    }

    /// A map's keys: each `length` characters long.
    public static func keys(_ map: [String: some Any], _ field: String, length: ClosedRange<Int>) -> [FieldError] {
        FieldRuleRecorder.note(field, .keyLength(length))
        return map.keys.sorted().filter { !length.contains($0.unicodeScalars.count) }.map {
            FieldError(
                field: "\(field).\($0)",
                message: "must be a name of \(length.lowerBound) to \(length.upperBound) characters")
        }
    }

    /// The form of an absolute `http` or `https` URL: a host name, an optional port, then RFC 3986 characters.
    public static let urlPattern = TextPattern(
        "^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?"
            + "([/?#]([A-Za-z0-9._~!$&'()*+,;=:@/?#-]|%[0-9A-Fa-f]{2})*)?$")

    /// An absolute `http` or `https` URL with a host (`urlPattern`), at most 2048 characters; with
    /// `relativePrefix`, also a path starting with it (e.g. `/v1/` for the service's own images).
    /// `orEmpty`: the empty text as well (a field it clears).
    public static func url(_ value: String, _ field: String, relativePrefix: String? = nil, orEmpty: Bool = false)
        -> [FieldError]
    {
        let pattern = urlPattern(relativePrefix: relativePrefix, orEmpty: orEmpty)
        FieldRuleRecorder.note(field, .maxLength(2048), .pattern(pattern.source))
        guard value.unicodeScalars.count <= 2048, pattern.matches(value) else {
            return [FieldError(field: field, message: "must be an http or https URL")]
        }
        if value.isEmpty { return [] }
        if let relativePrefix, value.hasPrefix(relativePrefix) { return [] }
        guard let url = URL(string: value), let host = url.host, !host.isEmpty else {
            return [FieldError(field: field, message: "must be an http or https URL")]
        }
        return []
    }

    private static func urlPattern(relativePrefix: String?, orEmpty: Bool) -> TextPattern {
        guard relativePrefix != nil || orEmpty else { return urlPattern }
        var alternatives = [String(urlPattern.source.dropFirst().dropLast())]
        if let relativePrefix {
            alternatives.append(
                NSRegularExpression.escapedPattern(for: relativePrefix)
                    + "([A-Za-z0-9._~!$&'()*+,;=:@/?#-]|%[0-9A-Fa-f]{2})*")
        }
        if orEmpty { alternatives.append("") }
        return TextPattern("^(" + alternatives.joined(separator: "|") + ")$")
    }

    /// The form of an id: a UUID in its 36-character form, either case.
    public static let idPattern = TextPattern(
        "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")

    /// An id (UUID).
    public static func id(_ value: String, _ field: String) -> [FieldError] {
        FieldRuleRecorder.note(field, .format("uuid"), .pattern(idPattern.source))
        return idPattern.matches(value) && UUID(uuidString: value) != nil
            ? [] : [FieldError(field: field, message: "must be an id")]
    }

    /// One of `allowed`, exactly.
    public static func oneOf(_ value: String, _ field: String, _ allowed: [String]) -> [FieldError] {
        FieldRuleRecorder.note(field, .oneOf(allowed))
        guard !allowed.contains(value) else { return [] }
        let names =
            allowed.count > 1 ? allowed.dropLast().joined(separator: ", ") + " or " + allowed.last! : allowed.joined()
        return [FieldError(field: field, message: "must be \(names)")]
    }

    /// One of `allowed` in any case (`EUR`, `eur`): documented as a pattern, since an enumeration is exact.
    public static func oneOf(_ value: String, _ field: String, ignoringCase allowed: [String]) -> [FieldError] {
        let alternatives = allowed.map { word in
            word.map { character -> String in
                let lower = character.lowercased(), upper = character.uppercased()
                let escaped = NSRegularExpression.escapedPattern(for: String(character))
                return lower == upper ? escaped : "[\(upper)\(lower)]"
            }.joined()
        }
        FieldRuleRecorder.note(field, .pattern("^(" + alternatives.joined(separator: "|") + ")$"))
        guard !allowed.contains(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) else { return [] }
        let names =
            allowed.count > 1 ? allowed.dropLast().joined(separator: ", ") + " or " + allowed.last! : allowed.joined()
        return [FieldError(field: field, message: "must be \(names)")]
    }

    /// One of the raw values of `type`: exactly, or in any case when `ignoringCase`.
    public static func oneOf<Value: CaseIterable & RawRepresentable>(
        _ value: String, _ field: String, _ type: Value.Type, ignoringCase: Bool = false
    ) -> [FieldError] where Value.RawValue == String {
        ignoringCase
            ? oneOf(value, field, ignoringCase: type.allCases.map(\.rawValue))
            : oneOf(value, field, type.allCases.map(\.rawValue))
    }

    /// An integer in `range`.
    public static func range(_ value: Int, _ field: String, _ range: ClosedRange<Int>) -> [FieldError] {
        FieldRuleRecorder.note(field, .range(range))
        return range.contains(value)
            ? [] : [FieldError(field: field, message: "must be from \(range.lowerBound) to \(range.upperBound)")]
    }

    /// The version a change names (`version` of a body), when present: a positive 32-bit integer.
    public static func version(_ value: Int?, _ field: String = "version") -> [FieldError] {
        FieldRuleRecorder.note(field, .range(1...Int(Int32.max)))
        guard let value else { return [] }
        return (1...Int(Int32.max)).contains(value)
            ? [] : [FieldError(field: field, message: "must be a positive integer")]
    }

    /// A text matching `pattern` whole; `message` otherwise.
    public static func matches(_ value: String, _ field: String, _ pattern: TextPattern, _ message: String)
        -> [FieldError]
    {
        FieldRuleRecorder.note(field, .pattern(pattern.source))
        return pattern.matches(value) ? [] : [FieldError(field: field, message: message)]
    }

    /// A text of a named `format` (documented as such) that `isValid` accepts.
    public static func format(
        _ value: String, _ field: String, _ format: String, maximum: Int, _ message: String,
        isValid: (String) -> Bool
    ) -> [FieldError] {
        FieldRuleRecorder.note(field, .format(format), .maxLength(maximum))
        return value.unicodeScalars.count <= maximum && isValid(value)
            ? [] : [FieldError(field: field, message: message)]
    }
}

/// A regular expression a text must match whole, kept with its source so the document can publish it. Written
/// for both ICU (the server) and ECMAScript (clients): ASCII classes, explicit anchors, no look-arounds.
public struct TextPattern: @unchecked Sendable {
    /// The expression as written.
    public let source: String
    private let expression: NSRegularExpression

    /// Compiles `source` (a programming error if it does not compile).
    public init(_ source: String) {
        self.source = source
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            preconditionFailure("invalid pattern \(source): \(error)")
        }
    }

    /// Whether `text` matches whole. (The match must span the text: `$` also matches before a final line
    /// break, in ICU as in ECMAScript, so `^a$` alone would accept `"a\n"`.)
    public func matches(_ text: String) -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: whole)?.range == whole
    }
}
