/// Decodes a chunked body (RFC 9112 §7.1) incrementally: sizes, data, the CRLF after each chunk, trailers.
///
/// Strict on purpose: sizes are bare hexadecimal (no sign, prefix or whitespace) and overflow-checked,
/// extensions must be `;name` or `;name=value` with token or quoted-string values and no whitespace.
struct ChunkedBodyDecoder: Sendable {
    /// Bounds on what the decoder accepts.
    struct Limits: Sendable {
        var maxBody: Int
        var maxLine: Int
        var maxTrailerBytes: Int
        var maxTrailerFields: Int
    }

    /// What a call to `decode` reached.
    enum Outcome: Equatable {
        case needMoreData
        case done
        case failed(HTTPParseError)
    }

    private enum State: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    private var state = State.size
    private var scanned = 0
    private var trailerBytes = 0
    /// Trailer fields read after the last chunk.
    private(set) var trailers = HTTPHeaders()

    /// Consumes bytes from `index` on, appending chunk data to `body`; `index` must only move forward between
    /// calls by what this decoder consumed (the buffer may be compacted in between).
    mutating func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, index: inout Int, body: inout [UInt8], limits: Limits
    ) -> Outcome {
        while true {
            switch state {
            case .size:
                switch Syntax.scanLine(bytes, from: index + scanned) {
                case .failed(let error): return .failed(error)
                case .incomplete(let resume):
                    if resume - index > limits.maxLine { return .failed(.chunkLineTooLong) }
                    scanned = resume - index
                    return .needMoreData
                case .line(let end):
                    if end - index > limits.maxLine { return .failed(.chunkLineTooLong) }
                    let line = UnsafeBufferPointer(rebasing: bytes[index..<end])
                    index = end + 2
                    scanned = 0
                    let size: Int
                    switch Self.parseSizeLine(line) {
                    case .failure(let error): return .failed(error)
                    case .success(let value): size = value
                    }
                    if size == 0 {
                        state = .trailers
                    } else {
                        guard size <= limits.maxBody - body.count else { return .failed(.bodyTooLarge) }
                        state = .data(remaining: size)
                    }
                }
            case .data(let remaining):
                let available = bytes.count - index
                guard available > 0 else { return .needMoreData }
                let take = min(available, remaining)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard bytes.count - index >= 2 else {
                    if bytes.count - index == 1, bytes[index] != Syntax.cr { return .failed(.invalidChunkTerminator) }
                    return .needMoreData
                }
                guard bytes[index] == Syntax.cr, bytes[index + 1] == Syntax.lf else {
                    return .failed(.invalidChunkTerminator)
                }
                index += 2
                state = .size
            case .trailers:
                switch Syntax.scanLine(bytes, from: index + scanned) {
                case .failed(let error): return .failed(error)
                case .incomplete(let resume):
                    if trailerBytes + resume - index > limits.maxTrailerBytes { return .failed(.headTooLarge) }
                    scanned = resume - index
                    return .needMoreData
                case .line(let end):
                    let line = UnsafeBufferPointer(rebasing: bytes[index..<end])
                    trailerBytes += end + 2 - index
                    index = end + 2
                    scanned = 0
                    if line.isEmpty { return .done }
                    if trailerBytes > limits.maxTrailerBytes { return .failed(.headTooLarge) }
                    if trailers.count >= limits.maxTrailerFields { return .failed(.tooManyFields) }
                    switch Syntax.parseField(line) {
                    case .failure(let error): return .failed(error)
                    case .success(let field): trailers.add(field.name, field.value)
                    }
                }
            }
        }
    }

    /// Parses `size [; ext [= value]]*` without the CRLF.
    static func parseSizeLine(_ line: UnsafeBufferPointer<UInt8>) -> Result<Int, HTTPParseError> {
        var index = 0
        var size = 0
        while index < line.count, let digit = PercentDecoding.hexValue(line[index]) {
            // 15 hex digits are far beyond any body limit and cannot overflow.
            guard index < 15 else { return .failure(.invalidChunkSize) }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > 0 else { return .failure(.invalidChunkSize) }
        // Whatever follows the digits must start an extension: `0x1`, `1 `, `+1`, `1a-` are all refused.
        if index < line.count, line[index] != UInt8(ascii: ";") { return .failure(.invalidChunkSize) }
        while index < line.count {
            guard line[index] == UInt8(ascii: ";") else { return .failure(.invalidChunkExtension) }
            index += 1
            let nameStart = index
            while index < line.count, Syntax.isTokenByte(line[index]) { index += 1 }
            guard index > nameStart else { return .failure(.invalidChunkExtension) }
            guard index < line.count, line[index] == UInt8(ascii: "=") else { continue }
            index += 1
            if index < line.count, line[index] == UInt8(ascii: "\"") {
                guard let end = quotedStringEnd(line, from: index) else { return .failure(.invalidChunkExtension) }
                index = end
            } else {
                let valueStart = index
                while index < line.count, Syntax.isTokenByte(line[index]) { index += 1 }
                guard index > valueStart else { return .failure(.invalidChunkExtension) }
            }
        }
        return .success(size)
    }

    /// The index just past a quoted-string starting at `start` (a DQUOTE), or `nil` if malformed.
    private static func quotedStringEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start + 1
        while index < line.count {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: "\""): return index + 1
            case UInt8(ascii: "\\"):
                guard index + 1 < line.count, Syntax.isFieldValueByte(line[index + 1]) else { return nil }
                index += 2
            default:
                guard Syntax.isFieldValueByte(byte) else { return nil }
                index += 1
            }
        }
        return nil
    }
}
