/// The characters text input may hold: no control characters, and line breaks and tabs only where a field
/// allows several lines.
///
/// NUL is the dangerous one (C strings and PostgreSQL's text end there, so it would truncate silently); the other
/// C0 and C1 controls and DEL have no place in names, titles or prose and can hide text from a reader.
public enum TextRules {
    /// `problem(in:multiline: false)` as a JSON Schema pattern (ICU and ECMAScript alike): no control characters.
    public static let linePattern = "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
    /// `problem(in:multiline: true)` as a pattern: tab, line feed and carriage return allowed.
    public static let multilinePattern = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$"
    /// `linePattern` with something other than white space in it.
    public static let nonBlankLinePattern =
        "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
    /// `multilinePattern` with something other than white space in it.
    public static let nonBlankMultilinePattern =
        "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F]"
        + "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$"

    /// What is wrong with `text`, as a field error message, or `nil` when it may be stored.
    /// - Parameter multiline: whether tab, line feed and carriage return are allowed.
    public static func problem(in text: String, multiline: Bool) -> String? {
        var breaksLines = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: breaksLines = true
            case 0x00..<0x20, 0x7F..<0xA0: return "must not contain control characters"
            default: continue
            }
        }
        return breaksLines && !multiline ? "must be a single line (no tab or line break)" : nil
    }

    /// Field errors for every string in `value` that breaks the rules, keys included (one line); a string belongs to
    /// the nearest key above it.
    public static func problems(in value: JSONValue, multiline: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        func walk(_ value: JSONValue, _ path: [String], _ key: String) {
            switch value {
            case .string(let text):
                if let message = problem(in: text, multiline: multiline.contains(key)) {
                    errors.append(FieldError(field: path.isEmpty ? "$" : path.joined(separator: "."), message: message))
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() { walk(element, path + [String(index)], key) }
            case .object(let members):
                for member in members {
                    if let message = problem(in: member.key, multiline: false) {
                        errors.append(FieldError(field: (path + [member.key]).joined(separator: "."), message: message))
                    }
                    walk(member.value, path + [member.key], member.key)
                }
            default:
                break
            }
        }
        walk(value, [], "")
        return errors
    }
}
