extension Request {
    /// Every query parameter in order, percent-decoded (`+` is a space); `nil` when an escape is malformed or a
    /// name or value is not UTF-8.
    public var queryItems: [(name: String, value: String)]? {
        var items: [(name: String, value: String)] = []
        for (rawName, rawValue) in rawQueryPairs {
            guard let name = PercentDecoding.decode(rawName, plusIsSpace: true),
                let value = rawValue.map({ PercentDecoding.decode($0, plusIsSpace: true) }) ?? ""
            else { return nil }
            items.append((name, value))
        }
        return items
    }

    /// The path percent-decoded, or `nil` when an escape is malformed or the result is not UTF-8.
    public var decodedPath: String? { PercentDecoding.decode(Substring(path)) }
}
