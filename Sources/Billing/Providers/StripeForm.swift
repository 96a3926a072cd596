/// A Stripe request body: `application/x-www-form-urlencoded` pairs in Stripe's bracket notation
/// (`metadata[payment_id]=…`), kept in the order they were added.
///
/// Every byte of a name or value outside RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is
/// percent-encoded, brackets, `&`, `=`, `+`, NUL and each byte of a multi-byte character included, so no value
/// can end its pair early or start another.
struct StripeForm: Sendable, Equatable {
    /// The pairs, in order.
    private(set) var pairs: [(name: String, value: String)] = []

    /// The media type of `encoded`.
    static let contentType = "application/x-www-form-urlencoded"

    /// Adds `name=value`.
    mutating func add(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    /// Adds `name=value` when there is a value.
    mutating func add(_ name: String, _ value: String?) {
        if let value { add(name, value) }
    }

    /// Adds an integer.
    mutating func add(_ name: String, _ value: Int) {
        add(name, String(value))
    }

    /// Adds `true` or `false`.
    mutating func add(_ name: String, _ value: Bool) {
        add(name, value ? "true" : "false")
    }

    /// The body bytes: `name=value` pairs joined by `&`.
    var encoded: [UInt8] {
        var output: [UInt8] = []
        for (index, pair) in pairs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            Self.percentEncode(pair.name, into: &output)
            output.append(UInt8(ascii: "="))
            Self.percentEncode(pair.value, into: &output)
        }
        return output
    }

    /// `text`'s UTF-8 bytes with every byte outside the unreserved set written as `%XX` (upper-case hex).
    static func percentEncoded(_ text: String) -> String {
        var output: [UInt8] = []
        percentEncode(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func == (lhs: StripeForm, rhs: StripeForm) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func percentEncode(_ text: String, into output: inout [UInt8]) {
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
