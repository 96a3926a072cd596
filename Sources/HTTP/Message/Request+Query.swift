extension Request {
    /// Every query parameter in order, percent-decoded (`+` is a space); `nil` when an escape is malformed or a
    /// name or value is not UTF-8.
    public var queryItems: [(name: String, value: String)]? {
        guard let query else { return [] }
        var items: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusIsSpace: true),
                let value = parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
            else { return nil }
            items.append((name, value))
        }
        return items
    }

    /// The path percent-decoded, or `nil` when an escape is malformed or the result is not UTF-8.
    public var decodedPath: String? { PercentDecoding.decode(Substring(path)) }
}
