import Foundation

/// Finds ids written in upper case, which the wire never carries: every id a service sends is lower case.
public enum UpperCaseUUIDs {
    private static let pattern = try! NSRegularExpression(
        pattern: "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")

    /// The UUIDs in `text` with at least one upper-case letter (`A`–`F`), in order.
    public static func all(in text: String) -> [String] {
        pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard let range = Range(match.range, in: text) else { return nil }
            let id = text[range]
            return id.contains(where: { ("A"..."F").contains($0) }) ? String(id) : nil
        }
    }
}
