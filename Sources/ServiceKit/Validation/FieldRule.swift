/// A rule a check enforces on one field, in the terms of a JSON Schema keyword.
///
/// Every check in `Checks` names its rule before it looks at the value. While `SchemaProbe` runs a body's
/// `validate()`, a `FieldRuleRecorder` collects the rules, and they become the body's schema: the document says
/// exactly what the checks enforce because the checks are what wrote it.
public enum FieldRule: Sendable, Equatable {
    /// The field must be present.
    case required
    /// The field must be absent (e.g. `version` on creation).
    case forbidden
    /// A string that is not empty or only white space.
    case nonBlank
    /// At most this many characters (Unicode scalars).
    case maxLength(Int)
    /// At least this many characters (Unicode scalars).
    case minLength(Int)
    /// A string matching this regular expression (written for both ICU and ECMAScript: ASCII classes, anchors).
    case pattern(String)
    /// One of these strings.
    case oneOf([String])
    /// A named format (`uuid`, `email`, `date`).
    case format(String)
    /// An integer in this range.
    case range(ClosedRange<Int>)
    /// At most this many items.
    case maxItems(Int)
    /// At most this many members (maps).
    case maxProperties(Int)
    /// A map whose keys have this many characters.
    case keyLength(ClosedRange<Int>)
}

/// Collects the rules checks name while a body is probed (see `SchemaProbe`); checks outside a probe record
/// nothing and cost one task-local read.
public final class FieldRuleRecorder: @unchecked Sendable {
    /// The recorder of the probe running in this task, if any.
    @TaskLocal public static var current: FieldRuleRecorder?

    /// The rules named so far, by dotted field path (`tags.0`, `socialLinks.*`).
    public private(set) var rules: [(field: String, rule: FieldRule)] = []

    /// Creates an empty recorder.
    public init() {}

    /// Records `rules` for `field` when a probe is running.
    public static func note(_ field: String, _ rules: FieldRule...) {
        guard let recorder = current else { return }
        for rule in rules { recorder.rules.append((field, rule)) }
    }
}
