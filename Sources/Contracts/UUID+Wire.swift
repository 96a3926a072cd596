import Foundation

extension UUID {
    /// The id as every Campus answer, event and internal call carries it: lower case.
    public var lowercased: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var index = 0
                for (position, byte) in bytes.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        text[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    text[index] = Self.hexDigits[Int(byte >> 4)]
                    text[index + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    index += 2
                }
                return 36
            }
        }
    }

    /// An id in its textual form (`8-4-4-4-12` hexadecimal digits, either case), parsed without Foundation's
    /// scanner; `nil` for anything else.
    public init?(text: some StringProtocol) {
        var parsed: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid =
            text.utf8.withContiguousStorageIfAvailable { Self.parse($0, into: &parsed) }
            ?? Self.parse(Array(text.utf8).withUnsafeBufferPointer { $0 }, into: &parsed)
        guard valid else { return nil }
        self.init(uuid: parsed)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func parse(_ text: UnsafeBufferPointer<UInt8>, into parsed: inout uuid_t) -> Bool {
        guard text.count == 36 else { return false }
        return withUnsafeMutableBytes(of: &parsed) { bytes in
            var index = 0
            for position in 0..<16 {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    guard text[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return false }
                bytes[position] = high << 4 | low
                index += 2
            }
            return true
        }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
