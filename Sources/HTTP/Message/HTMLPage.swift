/// Printable pages some routes answer instead of JSON (certificates, receipts): self-contained documents with
/// every value escaped and no script, under a policy that forbids loading anything.
public enum HTMLPage {
    /// `text` safe inside HTML text and attribute values; control characters other than tab and line breaks
    /// become U+FFFD.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Whether an `Accept` header prefers a page to JSON: it names `text/html` before any JSON type.
    public static func isPreferred(by accept: String?) -> Bool {
        guard let accept = accept?.lowercased(), let html = accept.range(of: "text/html") else { return false }
        guard let json = accept.range(of: "json") else { return true }
        return html.lowerBound < json.lowerBound
    }

    /// A 200 answer of the page `html`: UTF-8, inline styles only, nothing else may load or run.
    public static func response(_ html: String) -> Response {
        Response(
            status: .ok,
            headers: [
                "Content-Type": "text/html; charset=utf-8",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            ], body: .string(html))
    }
}
