import Foundation

/// URL names of courses and categories: lower-case ASCII letters and digits in hyphen-separated words.
enum Slug {
    /// The longest slug made from a title, leaving room for a numeric suffix within the column's 220.
    static let maximumBaseLength = 200

    /// Transliteration to Latin, then to ASCII (é → e, ß → ss, Привет → privet).
    private static var toASCII: StringTransform { StringTransform("Any-Latin; Latin-ASCII") }

    /// Words that name routes beside `/v1/courses/{course}` (`/v1/courses/suggest`, `/v1/courses/popular`).
    static let reserved: Set<String> = ["suggest", "popular"]

    /// Whether `text` is a slug: `^[a-z0-9]+(-[a-z0-9]+)*$`, at most `maximum` characters, not shaped like an
    /// id (paths accept either, so a slug must never read as one) and not a reserved route word.
    static func isValid(_ text: String, maximum: Int = 220) -> Bool {
        guard !text.isEmpty, text.utf8.count <= maximum, UUID(uuidString: text) == nil, !reserved.contains(text)
        else { return false }
        var previousWasHyphen = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                previousWasHyphen = false
            case UInt8(ascii: "-") where !previousWasHyphen:
                previousWasHyphen = true
            default:
                return false
            }
        }
        return !previousWasHyphen
    }

    /// A slug for `title`: transliterated to ASCII, lower-cased, every other run of characters a hyphen, cut at a
    /// word boundary to `maximum`. `fallback` when nothing is left (a title of symbols only).
    static func make(from title: String, fallback: String = "course", maximum: Int = maximumBaseLength) -> String {
        let ascii =
            (title.applyingTransform(Self.toASCII, reverse: false)
            ?? title.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)).lowercased()
        var words: [String] = []
        var word = ""
        for scalar in ascii.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > maximum {
                if slug.isEmpty { slug = String(word.prefix(maximum)) }
                break
            }
            slug = next
        }
        if slug.isEmpty { return fallback }
        return isValid(slug) ? slug : slug + "-" + fallback
    }

    /// `base` if it is not in `taken`, else `base-2`, `base-3`, … the first that is free.
    static func unique(_ base: String, taken: Set<String>) -> String {
        guard taken.contains(base) else { return base }
        var number = 2
        while taken.contains("\(base)-\(number)") { number += 1 }
        return "\(base)-\(number)"
    }
}
