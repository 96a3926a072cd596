/// The words of a search query: runs of letters and digits, lower-cased; everything else separates words.
///
/// Only letters and digits reach SQL as search terms, so no input can inject full-text query operators.
struct SearchText: Sendable, Hashable {
    /// The words in order.
    let words: [String]

    /// The longest `q` accepted, in characters.
    static let maximumLength = 100

    /// Splits `text` into words; `nil` when it has none.
    init?(_ text: String) {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { return nil }
        self.words = words
    }

    /// Every word but the last, which must match whole (after stemming).
    var head: String { words.dropLast().joined(separator: " ") }

    /// The last word, which matches as a prefix: the user may still be typing it.
    var last: String { words[words.count - 1] }

    /// The words joined by single spaces.
    var phrase: String { words.joined(separator: " ") }
}
