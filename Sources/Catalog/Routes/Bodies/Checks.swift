import Foundation
import HTTP

/// Field checks shared by the request bodies. Lengths count Unicode scalars, as PostgreSQL's `char_length`
/// does, so a value that passes here also passes the table's checks.
enum Checks {
    /// `value` trimmed; an error when `required` and empty, or longer than `maximum`.
    static func text(_ value: String, _ field: String, maximum: Int, required: Bool = false) -> [FieldError] {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { return [FieldError(field: field, message: "is required")] }
        if trimmed.unicodeScalars.count > maximum {
            return [FieldError(field: field, message: "must be at most \(maximum) characters")]
        }
        return []
    }

    /// Trims `value`.
    static func trimmed(_ value: String) -> String { value.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A list of short texts: at most `count` items, each present and at most `length` characters.
    static func list(_ values: [String], _ field: String, count: Int = 20, length: Int = 200) -> [FieldError] {
        var errors: [FieldError] = []
        if values.count > count { errors.append(FieldError(field: field, message: "must have at most \(count) items")) }
        for (index, value) in values.enumerated().prefix(count) {
            errors += text(value, "\(field).\(index)", maximum: length, required: true)
        }
        return errors
    }

    /// An absolute `http` or `https` URL with a host, at most 2048 characters.
    static func url(_ value: String, _ field: String) -> [FieldError] {
        guard value.utf8.count <= 2048, let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return [FieldError(field: field, message: "must be an http or https URL")] }
        return []
    }

    /// A slug (`lower-case-words`), at most `maximum` characters.
    static func slug(_ value: String, _ field: String = "slug", maximum: Int = 220) -> [FieldError] {
        Slug.isValid(value, maximum: maximum)
            ? []
            : [
                FieldError(
                    field: field,
                    message: "must be lower-case letters and digits in hyphenated words (at most \(maximum))")
            ]
    }

    /// An id (UUID).
    static func id(_ value: String, _ field: String) -> [FieldError] {
        UUID(uuidString: value) == nil ? [FieldError(field: field, message: "must be an id")] : []
    }

    /// Tags as stored: trimmed, lower-cased, duplicates dropped (first one kept).
    static func normalizedTags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.map { trimmed($0).lowercased() }.filter { seen.insert($0).inserted }
    }

    /// Tags after normalizing: at most 20, each 1–30 characters.
    static func tags(_ tags: [String]) -> [FieldError] {
        let normalized = normalizedTags(tags)
        var errors: [FieldError] = []
        if normalized.count > 20 { errors.append(FieldError(field: "tags", message: "must have at most 20 tags")) }
        for (index, tag) in normalized.enumerated().prefix(20) {
            if tag.isEmpty || tag.unicodeScalars.count > 30 {
                errors.append(FieldError(field: "tags.\(index)", message: "must be 1 to 30 characters"))
            }
        }
        return errors
    }

    /// A language tag such as `en` or `pt-BR`.
    static func language(_ value: String) -> [FieldError] {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        let isValid =
            value.utf8.count <= 35 && (2...3).contains(parts[0].count)
            && parts[0].allSatisfy { $0.isASCII && $0.isLetter }
            && parts.dropFirst().allSatisfy { part in
                (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            }
        return isValid ? [] : [FieldError(field: "language", message: "must be a language tag such as en or pt-BR")]
    }

    /// The largest price accepted, in minor units.
    static let maximumPrice = 1_000_000_000

    /// A price in minor units: 0 (free) up to `maximumPrice`.
    static func price(_ value: Int, _ field: String) -> [FieldError] {
        (0...maximumPrice).contains(value)
            ? [] : [FieldError(field: field, message: "must be an integer of minor units from 0 to \(maximumPrice)")]
    }
}
