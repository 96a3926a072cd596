/// Serialises response heads and bodies into a reusable byte buffer.
enum ResponseEncoder {
    /// How the body of an encoded response is framed.
    enum Framing {
        /// `Content-Length`; the body bytes follow unless the request was HEAD.
        case length(Int)
        /// `Transfer-Encoding: chunked`, for streams to HTTP/1.1 clients.
        case chunked
        /// Neither: the body runs until the connection closes (streams to HTTP/1.0 clients).
        case untilClose
    }

    /// Appends the status line and fields. The server owns framing, `Date` and `Connection`, so a handler's
    /// values for those are dropped, as are fields that would break the head (non-token names, CR or LF).
    static func encodeHead(
        status: HTTPStatus, headers: HTTPHeaders, framing: Framing, keepAlive: Bool, version: HTTPVersion,
        date: [UInt8], into buffer: inout [UInt8]
    ) {
        buffer.append(contentsOf: statusLine(status))
        for field in headers where isSendable(field) {
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(0x3A)
            buffer.append(0x20)
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(0x0D)
            buffer.append(0x0A)
        }
        if !status.forbidsBody || status.code == 304 {
            switch framing {
            case .length(let length):
                if status.code != 304 {
                    appendLiteral("Content-Length: ", to: &buffer)
                    appendDecimal(length, to: &buffer)
                    buffer.append(0x0D)
                    buffer.append(0x0A)
                }
            case .chunked:
                appendLiteral("Transfer-Encoding: chunked\r\n", to: &buffer)
            case .untilClose:
                break
            }
        }
        if !keepAlive {
            appendLiteral("Connection: close\r\n", to: &buffer)
        } else if version == .http1_0 {
            appendLiteral("Connection: keep-alive\r\n", to: &buffer)
        }
        appendLiteral("Date: ", to: &buffer)
        buffer.append(contentsOf: date)
        appendLiteral("\r\n\r\n", to: &buffer)
    }

    /// Appends one chunk of a chunked body.
    static func encodeChunk(_ bytes: [UInt8], into buffer: inout [UInt8]) {
        appendHex(bytes.count, to: &buffer)
        buffer.append(0x0D)
        buffer.append(0x0A)
        buffer.append(contentsOf: bytes)
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// Appends the last chunk and an empty trailer section.
    static func encodeLastChunk(into buffer: inout [UInt8]) {
        appendLiteral("0\r\n\r\n", to: &buffer)
    }

    /// Whether the response asks for the connection to close.
    static func asksToClose(_ headers: HTTPHeaders) -> Bool {
        guard let value = headers["connection"] else { return false }
        return Syntax.listElements(value).contains { Syntax.equalsIgnoringCase($0, "close") }
    }

    private static func isSendable(_ field: HTTPHeaders.Field) -> Bool {
        switch FieldName(field.name) {
        case .contentLength, .transferEncoding, .connection: return false
        default: break
        }
        if field.name.utf8.count == 4, HTTPHeaders.equalIgnoringCase(field.name, "date") { return false }
        return Syntax.isToken(field.name[...]) && field.value.utf8.allSatisfy(Syntax.isFieldValueByte)
    }

    private static let commonStatusLines: [Int: [UInt8]] = {
        var lines: [Int: [UInt8]] = [:]
        for code in [200, 201, 204, 304, 400, 404, 405, 413, 414, 431, 500] {
            lines[code] = Array("HTTP/1.1 \(HTTPStatus(code: code).description)\r\n".utf8)
        }
        return lines
    }()

    private static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        if status.reasonPhrase == HTTPStatus.standardPhrase(for: status.code), let line = commonStatusLines[status.code]
        {
            return line
        }
        let phrase = status.reasonPhrase.utf8.allSatisfy { Syntax.isFieldValueByte($0) } ? status.reasonPhrase : ""
        return Array("HTTP/1.1 \(status.code) \(phrase)\r\n".utf8)
    }

    @inline(__always)
    static func appendLiteral(_ literal: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value < 10 {
            buffer.append(UInt8(0x30 + value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while remaining > 0 {
                raw[19 - count] = UInt8(0x30 + remaining % 10)
                remaining /= 10
                count += 1
            }
            buffer.append(contentsOf: raw[(20 - count)...])
        }
    }

    static func appendHex(_ value: Int, to buffer: inout [UInt8]) {
        let digits = String(value, radix: 16)
        buffer.append(contentsOf: digits.utf8)
    }
}
