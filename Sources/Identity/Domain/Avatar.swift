import Crypto
import Foundation

/// The default avatar: the user's initials on a colour derived from their id, as SVG served by identity
/// itself (no outside service learns who looks at whom).
public enum Avatar {
    /// The path of a user's default avatar.
    public static func defaultPath(for id: UUID) -> String { "/v1/users/\(id.lowercased)/avatar.svg" }

    /// The SVG image for `firstName lastName`.
    public static func svg(id: UUID, firstName: String, lastName: String) -> String {
        let initials = [firstName, lastName].compactMap { $0.first.map { String($0).uppercased() } }.joined()
        let escaped = initials.map { character -> String in
            switch character {
            case "<": "&lt;"
            case ">": "&gt;"
            case "&": "&amp;"
            case "\"": "&quot;"
            case "'": "&apos;"
            default: String(character)
            }
        }.joined()
        let hue = Int(SHA256.hash(id.uuidString)[0]) * 360 / 256
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">\
            <rect width="128" height="128" rx="64" fill="hsl(\(hue),55%,45%)"/>\
            <text x="64" y="64" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="52" \
            fill="#fff">\(escaped)</text></svg>
            """
    }
}
