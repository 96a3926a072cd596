/// A complete HTTP request as handlers see it: head, whole body and trailers.
public struct Request: Sendable {
    /// The method, e.g. `GET`.
    public var method: HTTPMethod
    /// The request target exactly as sent, e.g. `/courses?limit=20`.
    public var target: String
    /// The path part of the target, still percent-encoded, e.g. `/courses`.
    public var path: String
    /// The query after `?`, still percent-encoded, or `nil` if there was none.
    public var query: String?
    /// The protocol version.
    public var version: HTTPVersion
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body, de-chunked; empty when the request had none.
    public var body: [UInt8]
    /// Fields from a chunked body's trailer section.
    public var trailers: HTTPHeaders

    /// Creates a request, e.g. for tests or for the client.
    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:],
        body: [UInt8] = [], trailers: HTTPHeaders = [:]
    ) {
        self.method = method
        self.target = target
        let (path, query) = Request.split(target)
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.trailers = trailers
    }

    /// The first value of the query parameter `name`, percent-decoded (`+` is a space), or `nil`.
    public func queryParameter(_ name: String) -> String? {
        for (rawName, rawValue) in rawQueryPairs {
            guard PercentDecoding.decode(rawName, plusIsSpace: true) == name else { continue }
            return rawValue.map { PercentDecoding.decode($0, plusIsSpace: true) } ?? ""
        }
        return nil
    }

    /// The query's `name=value` pairs, still percent-encoded; a pair without `=` has no value.
    var rawQueryPairs: [(name: Substring, value: Substring?)] {
        (query ?? "").split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts[0], parts.count > 1 ? parts[1] : nil)
        }
    }

    static func split(_ target: String) -> (path: String, query: String?) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}

/// Percent-decoding of URL components.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` when asked); `nil` if an escape is malformed or the result is not UTF-8.
    static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        let utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "%")) || (plusIsSpace && utf8.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < utf8.count, let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
                else { return nil }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
