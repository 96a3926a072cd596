/// E-mail address checks: a practical subset of RFC 5321/5322 that real mailboxes use.
public enum EmailAddress {
    /// Whether `text` looks like a deliverable address: one `@`, a local part of at most 64 and a domain of
    /// at most 253 characters with a dot, no spaces or control characters, 254 characters in all.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 3, utf8.count <= 254, utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        guard !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains("..")
        else { return false }
        let forbidden = Set("()<>[]\\,;:\"")
        guard !local.contains(where: { forbidden.contains($0) }) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        } && labels.last!.count >= 2
    }

    /// The form addresses are compared in: trimmed and lowercased.
    public static func key(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
