import Foundation

/// How values are spelled in JSON text, appended straight to a byte buffer: the one place that escapes
/// strings and formats numbers and ids for everything the services write (`JSONWriter`, hand-written
/// writers such as catalog search's).
public enum JSONText {
    /// Appends `value` as a JSON string: quoted, with `"`, `\` and control characters escaped as RFC 8259
    /// requires (`\n`, `\r`, `\t`, else `\u00XX`). Nothing else is escaped, `/` and non-ASCII text included.
    public static func appendString(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            // Most text needs no escaping: copy the runs between escapes whole.
            var runStart = 0
            while true {
                let index = firstEscape(in: utf8, from: runStart)
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                guard index < utf8.count else { break }
                appendEscape(for: utf8[index], to: &bytes)
                runStart = index + 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte from `start` on that must be escaped, or the count if none.
    private static func firstEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        var index = start
        while index < utf8.count {
            // Eight bytes at a time while none of them needs escaping.
            if index + 8 <= utf8.count,
                !mayNeedEscape(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
            {
                index += 8
                continue
            }
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return utf8.count
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\`. For each byte, subtracting
    /// 0x20 borrows into its top bit only if it was below 0x20 (and had that bit clear), and a byte XORed with
    /// `"` or `\` is zero, which subtracting 1 detects the same way.
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let control = (word &- ones &* 0x20) & ~word
        let quotes = (quote &- ones) & ~quote
        let backslashes = (backslash &- ones) & ~backslash
        return (control | quotes | backslashes) & tops != 0
    }

    private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            appendASCII("u00", to: &bytes)
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0xF)])
        }
    }

    /// Appends `value` as a quoted, lower-case UUID string (`"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"`), the form
    /// every id takes on the wire.
    public static func appendUUID(_ value: UUID, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: value.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0xF)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `value`, exact.
    public static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(of: value.magnitude, to: &bytes)
    }

    /// Appends the decimal digits of `value`, exact.
    public static func appendInteger(_ value: UInt64, to bytes: inout [UInt8]) {
        appendDigits(of: value, to: &bytes)
    }

    /// Appends the decimal digits of a 128-bit integer, exact.
    static func appendInteger<T: FixedWidthInteger>(wide value: T, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(of: value.magnitude, to: &bytes)
    }

    private static func appendDigits<T: UnsignedInteger & FixedWidthInteger>(of value: T, to bytes: inout [UInt8]) {
        // Least significant digit first, then turned around in place: no intermediate String.
        let start = bytes.count
        var rest = value
        repeat {
            let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: digit))
            rest = quotient
        } while rest != 0
        bytes[start...].reverse()
    }

    /// Appends `value` in the shortest form that reads back as the same `Double` (`0.1`, `1e+300`, `-0`);
    /// integral values without a fraction (`4`, not `4.0`).
    /// - Returns: `false`, appending nothing, when `value` is infinite or NaN, which JSON cannot carry.
    @discardableResult
    public static func appendNumber(_ value: Double, to bytes: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        appendShortest(value.description, to: &bytes)
        return true
    }

    /// Appends `value` in the shortest form that reads back as the same `Float`.
    /// - Returns: `false`, appending nothing, when `value` is infinite or NaN.
    @discardableResult
    public static func appendNumber(_ value: Float, to bytes: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        appendShortest(value.description, to: &bytes)
        return true
    }

    /// Swift's `description` of a finite binary floating-point value is already the shortest text that rounds
    /// back to it, and valid JSON once a trailing `.0` is dropped.
    private static func appendShortest(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            var end = utf8.count
            if end >= 2, utf8[end - 2] == UInt8(ascii: "."), utf8[end - 1] == UInt8(ascii: "0") { end -= 2 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<end]))
        }
    }

    /// Appends `true` or `false`.
    public static func appendBool(_ value: Bool, to bytes: inout [UInt8]) {
        appendASCII(value ? "true" : "false", to: &bytes)
    }

    /// Appends `null`.
    public static func appendNull(to bytes: inout [UInt8]) {
        appendASCII("null", to: &bytes)
    }

    /// Appends text known to need no escaping (a literal key or bracket).
    public static func appendASCII(_ text: StaticString, to bytes: inout [UInt8]) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
