/// The bytes of one log line, a JSON object written member by member straight into a byte array (no encoder,
/// no dictionary), closed by `finish()` with `}` and a newline.
///
/// Strings are escaped as JSON requires: `"` and `\` with a backslash, control characters as `\n`, `\r`, `\t`,
/// `\b`, `\f` or `\u00XX`; everything else, UTF-8 of any length, is copied as it is (a Swift `String` is always
/// valid UTF-8, so the line is too).
struct LogLine {
    private(set) var bytes: [UInt8]
    private var hasMembers = false

    /// Starts an object, with room for `capacity` bytes before the array grows.
    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Writes `"key":` (and the comma before it when needed).
    mutating func key(_ key: String) {
        if hasMembers { bytes.append(UInt8(ascii: ",")) }
        hasMembers = true
        quoted(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a string member.
    mutating func string(_ key: String, _ value: String) {
        self.key(key)
        quoted(value)
    }

    /// Writes the member `key` with `value`: strings, `Int`, `Double` and `Bool` as themselves, anything else as
    /// the string `String(describing:)` gives.
    mutating func value(_ key: String, _ value: any Sendable) {
        self.key(key)
        switch value {
        case let value as String: quoted(value)
        case let value as Int: integer(value)
        case let value as Double: number(value)
        case let value as Bool: bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        default: quoted(String(describing: value))
        }
    }

    /// Writes the member `key` with `value`.
    mutating func value(_ key: String, _ value: LogValue) {
        self.key(key)
        switch value {
        case .string(let value): quoted(value)
        case .int(let value): integer(value)
        case .double(let value): number(value)
        case .bool(let value): bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        }
    }

    /// Writes the member `key` with the current time, RFC 3339 UTC with milliseconds.
    mutating func time(_ key: String) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        LogTimestamp.now().append(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Closes the object and ends the line; returns its bytes.
    consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    // MARK: Values

    /// Writes `value` in decimal.
    mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Writes `value` as the shortest decimal that reads back as it; `null` for NaN and the infinities, which
    /// JSON cannot hold.
    mutating func number(_ value: Double) {
        guard value.isFinite else { return bytes.append(contentsOf: Self.nullBytes) }
        // Swift's description is a valid JSON number for every finite value (`1.0`, `0.123`, `1e-07`, `5e+20`).
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes `text` as a JSON string.
    mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                escape(byte)
                runStart = index + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(UInt8(ascii: "u"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
}
