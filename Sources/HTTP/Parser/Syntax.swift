/// Byte classes and line scanning from RFC 9110 and RFC 9112, shared by the request and response parsers.
enum Syntax {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// The result of looking for the end of a line.
    enum LineScan: Equatable {
        /// A line ends with CRLF; `end` is the index of its CR.
        case line(end: Int)
        /// No complete line yet; bytes before `resumeAt` are known to hold no line end.
        case incomplete(resumeAt: Int)
        /// A bare LF or a CR not followed by LF.
        case failed(HTTPParseError)
    }

    /// Finds the next CRLF at or after `start`, rejecting a bare CR or a bare LF.
    @inline(__always)
    static func scanLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> LineScan {
        var index = start
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte > cr {
                index &+= 1
                continue
            }
            if byte == lf { return .failed(.bareLineFeed) }
            if byte == cr {
                guard index &+ 1 < count else { return .incomplete(resumeAt: index) }
                guard bytes[index &+ 1] == lf else { return .failed(.bareCarriageReturn) }
                return .line(end: index)
            }
            index &+= 1
        }
        return .incomplete(resumeAt: index)
    }

    /// Whether `byte` may appear in a token (`tchar`).
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// Whether every byte of `bytes` is a token byte and there is at least one.
    static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenByte)
    }

    /// Whether every byte of `text` is a token byte and there is at least one.
    static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    /// Whether `byte` may appear inside a field value (VCHAR, obs-text, SP, HTAB).
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte != 0x7F) || byte == tab
    }

    /// Whether `byte` is optional whitespace (SP or HTAB).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Parses one field line `name: value` (without its CRLF) into a name and a trimmed value.
    static func parseField(_ line: UnsafeBufferPointer<UInt8>) -> Result<HTTPHeaders.Field, HTTPParseError> {
        guard let first = line.first else { return .failure(.invalidFieldName) }
        if isWhitespace(first) { return .failure(.obsoleteLineFolding) }
        var colon = 0
        while colon < line.count, line[colon] != Syntax.colon {
            // A space before the colon lands here too: SP is not a token byte.
            guard isTokenByte(line[colon]) else { return .failure(.invalidFieldName) }
            colon += 1
        }
        guard colon > 0, colon < line.count else { return .failure(.invalidFieldName) }
        var start = colon + 1
        var end = line.count
        while start < end, isWhitespace(line[start]) { start += 1 }
        while end > start, isWhitespace(line[end - 1]) { end -= 1 }
        for index in start..<end where !isFieldValueByte(line[index]) {
            return .failure(.invalidFieldValue)
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[0..<colon]), as: UTF8.self)
        let value = String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
        return .success((name: name, value: value))
    }

    /// Splits a comma-separated field value into trimmed elements, keeping empty ones (callers decide).
    static func listElements(_ value: String) -> [Substring] {
        value.split(separator: ",", omittingEmptySubsequences: false).map { element in
            var element = element[...]
            while let first = element.utf8.first, isWhitespace(first) { element = element.dropFirst() }
            while let last = element.utf8.last, isWhitespace(last) { element = element.dropLast() }
            return element
        }
    }

    /// Parses an unsigned decimal number of at most 18 digits with no sign or whitespace.
    static func parseDecimal(_ text: Substring) -> Int? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= 18 else { return nil }
        var value = 0
        for byte in utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Compares ASCII text with a lowercase literal, ignoring case.
    static func equalsIgnoringCase(_ text: Substring, _ lowercase: StaticString) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == lowercase.utf8CodeUnitCount else { return false }
        var pointer = lowercase.utf8Start
        for byte in utf8 {
            let folded = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            if folded != pointer.pointee { return false }
            pointer += 1
        }
        return true
    }
}
