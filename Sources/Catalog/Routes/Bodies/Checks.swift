import Foundation
import HTTP
import ServiceKit

/// The catalog's own field checks, built from the kit's.
extension Checks {
    /// The form of a slug (`Slug.isValid` also refuses id-shaped slugs and the reserved route words).
    static let slugPattern = TextPattern("^[a-z0-9]+(-[a-z0-9]+)*$")

    /// A slug (`lower-case-words`), at most `maximum` characters.
    static func slug(_ value: String, _ field: String = "slug", maximum: Int = 220) -> [FieldError] {
        FieldRuleRecorder.note(field, .pattern(slugPattern.source), .maxLength(maximum))
        return Slug.isValid(value, maximum: maximum)
            ? []
            : [
                FieldError(
                    field: field,
                    message: "must be lower-case letters and digits in hyphenated words (at most \(maximum))")
            ]
    }

    /// Tags as stored: trimmed, lower-cased, duplicates dropped (first one kept).
    static func normalizedTags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.map { trimmed($0).lowercased() }.filter { seen.insert($0).inserted }
    }

    /// Tags as sent: at most 20, each 1–30 characters once trimmed.
    static func tags(_ tags: [String]) -> [FieldError] {
        list(tags, "tags", count: 20, length: 30)
    }

    /// The form of a language tag such as `en` or `pt-BR`.
    static let languagePattern = TextPattern("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

    /// A language tag such as `en` or `pt-BR`, at most 35 characters.
    static func language(_ value: String) -> [FieldError] {
        FieldRuleRecorder.note("language", .maxLength(35))
        return value.unicodeScalars.count <= 35
            ? matches(value, "language", languagePattern, "must be a language tag such as en or pt-BR")
            : [FieldError(field: "language", message: "must be a language tag such as en or pt-BR")]
    }

    /// The largest price accepted, in minor units.
    static let maximumPrice = 1_000_000_000

    /// A price in minor units: 0 (free) up to `maximumPrice`.
    static func price(_ value: Int, _ field: String) -> [FieldError] {
        range(value, field, 0...maximumPrice)
    }
}
