import Foundation

/// A set of passwords too common to allow, compared case-insensitively.
public struct CommonPasswords: Sendable {
    let entries: Set<String>

    /// The shipped list: 11,611 entries of eight characters or more from zxcvbn's ranked list of 30,000, read
    /// from the module's resource `CommonPasswords.txt` (one per line) on first use.
    public static let builtIn = CommonPasswords(lines: builtInListText())

    /// Creates a list from newline-separated entries; blank lines are ignored.
    public init(lines: String) {
        entries = Set(lines.split(whereSeparator: \.isNewline).map { $0.lowercased() })
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Whether `password`, lower-cased, is on the list.
    public func contains(_ password: String) -> Bool {
        entries.contains(password.lowercased())
    }

    /// The text of the shipped list; a missing or unreadable resource bundle is a broken deployment.
    private static func builtInListText() -> String {
        guard let url = Bundle.module.url(forResource: "CommonPasswords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("the resource CommonPasswords.txt is missing from the Crypto bundle") }
        return text
    }
}
