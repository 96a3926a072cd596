/// Parsing of the request line and interpretation of the fields that decide framing and connection reuse.
enum RequestLine {
    /// Parses `method SP request-target SP HTTP-version` with exactly one space between the parts.
    static func parse(
        _ line: UnsafeBufferPointer<UInt8>
    ) -> Result<(method: HTTPMethod, target: String, version: HTTPVersion), HTTPParseError> {
        guard let firstSpace = line.firstIndex(of: Syntax.space) else { return .failure(.invalidRequestLine) }
        let methodBytes = UnsafeBufferPointer(rebasing: line[0..<firstSpace])
        guard !methodBytes.isEmpty else { return .failure(.invalidRequestLine) }
        guard Syntax.isToken(methodBytes) else { return .failure(.invalidMethod) }
        let rest = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)...])
        guard let secondSpace = rest.firstIndex(of: Syntax.space), secondSpace > 0 else {
            return .failure(.invalidRequestLine)
        }
        let targetBytes = UnsafeBufferPointer(rebasing: rest[0..<secondSpace])
        let versionBytes = UnsafeBufferPointer(rebasing: rest[(secondSpace + 1)...])
        if versionBytes.contains(Syntax.space) { return .failure(.invalidRequestLine) }
        for byte in targetBytes where byte < 0x21 || byte > 0x7E || byte == UInt8(ascii: "#") {
            return .failure(.invalidTarget)
        }
        let version: HTTPVersion
        switch parseVersion(versionBytes) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): version = parsed
        }
        let method = HTTPMethod.from(methodBytes)
        let target = String(decoding: targetBytes, as: UTF8.self)
        return .success((method, target, version))
    }

    /// Parses `HTTP/d.d`; well-formed versions other than 1.0 and 1.1 are unsupported (505).
    static func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<HTTPVersion, HTTPParseError> {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard bytes.count == 8, bytes.prefix(5).elementsEqual(prefix), bytes[6] == UInt8(ascii: "."),
            let major = digit(bytes[5]), let minor = digit(bytes[7])
        else { return .failure(.invalidVersion) }
        guard major == 1, minor <= 1 else { return .failure(.unsupportedVersion) }
        return .success(minor == 1 ? .http1_1 : .http1_0)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    /// Splits a target into path and query after checking its form (origin, absolute, or `*` for OPTIONS).
    static func splitTarget(_ target: String, method: HTTPMethod) -> (path: String, query: String?)? {
        let utf8 = target.utf8
        if utf8.first == UInt8(ascii: "/") { return Request.split(target) }
        if target == "*" { return method == .options ? ("*", nil) : nil }
        for scheme in ["http://", "https://"] {
            guard utf8.count > scheme.utf8.count,
                Syntax.equalsIgnoringCase(target.prefix(scheme.count), scheme == "http://" ? "http://" : "https://")
            else { continue }
            let afterScheme = target.dropFirst(scheme.count)
            guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return ("/", nil) }
            let rest = String(afterScheme[slash...])
            return rest.hasPrefix("?") ? ("/", String(rest.dropFirst())) : Request.split(rest)
        }
        return nil
    }

    /// Checks the head's fields and derives framing, keep-alive and the 100-continue expectation.
    static func interpret(
        method: HTTPMethod, target: String, version: HTTPVersion, _ headers: HTTPHeaders
    ) -> Result<RequestHead, HTTPParseError> {
        guard let (path, query) = splitTarget(target, method: method) else { return .failure(.invalidTarget) }
        var hostCount = 0
        var contentLength: Int?
        var contentLengthCount = 0
        var codings: [Substring] = []
        var hasTransferEncoding = false
        var wantsClose = false
        var wantsKeepAlive = false
        var expectsContinue = false
        for field in headers {
            switch FieldName(field.name) {
            case .host:
                hostCount += 1
                guard isValidHost(field.value) else { return .failure(.invalidHost) }
            case .contentLength:
                contentLengthCount += 1
                guard let value = Syntax.parseDecimal(field.value[...]) else {
                    return .failure(.invalidContentLength)
                }
                contentLength = value
            case .transferEncoding:
                hasTransferEncoding = true
                codings += Syntax.listElements(field.value)
            case .connection:
                for option in Syntax.listElements(field.value) {
                    if Syntax.equalsIgnoringCase(option, "close") { wantsClose = true }
                    if Syntax.equalsIgnoringCase(option, "keep-alive") { wantsKeepAlive = true }
                }
            case .expect:
                // RFC 9110 §10.1.1: a server must ignore 100-continue from an HTTP/1.0 client.
                guard version == .http1_1 else { continue }
                guard Syntax.equalsIgnoringCase(field.value[...], "100-continue") else {
                    return .failure(.unsupportedExpectation)
                }
                expectsContinue = true
            case .other:
                continue
            }
        }
        if hostCount > 1 { return .failure(.duplicateHost) }
        if hostCount == 0, version == .http1_1 { return .failure(.missingHost) }
        if contentLengthCount > 1 { return .failure(.duplicateContentLength) }
        var framing = BodyFraming.none
        if hasTransferEncoding {
            if contentLengthCount > 0 { return .failure(.contentLengthWithTransferEncoding) }
            if version == .http1_0 { return .failure(.transferEncodingInHTTP10) }
            switch interpretCodings(codings) {
            case .failure(let error): return .failure(error)
            case .success: framing = .chunked
            }
        } else if let contentLength, contentLength > 0 {
            framing = .length(contentLength)
        }
        let isKeepAlive = version == .http1_1 ? !wantsClose : (wantsKeepAlive && !wantsClose)
        return .success(
            RequestHead(
                method: method, target: target, path: path, query: query, version: version, headers: headers,
                isKeepAlive: isKeepAlive, expectsContinue: expectsContinue && framing != .none, framing: framing))
    }

    /// Accepts exactly one `chunked`, last. A list not ending in it leaves the body's length unknown, so it is
    /// bad (RFC 9112 §6.3), as are malformed lists and a repeated `chunked`; codings before it are not implemented.
    static func interpretCodings(_ codings: [Substring]) -> Result<Void, HTTPParseError> {
        guard let last = codings.last, codings.allSatisfy(Syntax.isToken) else {
            return .failure(.invalidTransferEncoding)
        }
        let chunkedCount = codings.filter { Syntax.equalsIgnoringCase($0, "chunked") }.count
        if chunkedCount > 1 { return .failure(.invalidTransferEncoding) }
        if !Syntax.equalsIgnoringCase(last, "chunked") { return .failure(.chunkedNotFinal) }
        if codings.count == 1 { return .success(()) }
        return .failure(.unsupportedTransferEncoding)
    }

    /// Whether a `Host` value is `uri-host [":" port]` (empty is allowed by RFC 9112 §3.2).
    static func isValidHost(_ value: String) -> Bool {
        value.utf8.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"),
                UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
                UInt8(ascii: "%"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
                true
            default: false
            }
        }
    }
}

/// The field names the parser acts on, recognised without allocating.
enum FieldName {
    case host, contentLength, transferEncoding, connection, expect, other

    init(_ name: String) {
        switch name.utf8.count {
        case 4 where HTTPHeaders.equalIgnoringCase(name, "host"): self = .host
        case 6 where HTTPHeaders.equalIgnoringCase(name, "expect"): self = .expect
        case 10 where HTTPHeaders.equalIgnoringCase(name, "connection"): self = .connection
        case 14 where HTTPHeaders.equalIgnoringCase(name, "content-length"): self = .contentLength
        case 17 where HTTPHeaders.equalIgnoringCase(name, "transfer-encoding"): self = .transferEncoding
        default: self = .other
        }
    }
}
