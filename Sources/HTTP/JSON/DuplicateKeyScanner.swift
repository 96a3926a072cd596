/// Walks JSON text and reports object keys that appear twice in the same object, by dotted path.
///
/// Foundation's parsers keep one of the values silently; a body with duplicates means different things
/// to different parsers, so it is refused.
struct DuplicateKeyScanner {
    private let bytes: [UInt8]
    private var index = 0
    private(set) var duplicates: [String] = []
    private static let maxDepth = 64

    /// Scans `bytes`; returns the duplicate paths, or `nil` if the text is not JSON.
    static func duplicates(in bytes: [UInt8]) -> [String]? {
        var scanner = DuplicateKeyScanner(bytes: bytes)
        guard scanner.value(path: "", depth: 0) else { return nil }
        scanner.skipWhitespace()
        return scanner.index == bytes.count ? scanner.duplicates : nil
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value(path: String, depth: Int) -> Bool {
        guard depth < Self.maxDepth else { return false }
        skipWhitespace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(path: path, depth: depth)
        case UInt8(ascii: "["): return array(path: path, depth: depth)
        case UInt8(ascii: "\""): return string() != nil
        default:
            // Numbers and literals: their exact syntax is checked by the real parser afterwards.
            let start = index
            while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            return index > start
        }
    }

    private mutating func object(path: String, depth: Int) -> Bool {
        index += 1
        var keys = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return true
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return false }
            let keyPath = path.isEmpty ? key : path + "." + key
            if !keys.insert(key).inserted { duplicates.append(keyPath) }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            guard value(path: keyPath, depth: depth + 1) else { return false }
            skipWhitespace()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return true
            } else {
                return false
            }
        }
    }

    private mutating func array(path: String, depth: Int) -> Bool {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return true
        }
        var position = 0
        while true {
            guard value(path: path.isEmpty ? String(position) : "\(path).\(position)", depth: depth + 1) else {
                return false
            }
            position += 1
            skipWhitespace()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return true
            } else {
                return false
            }
        }
    }

    /// Reads a string starting at a quote, decoding escapes so that `"a"` and `"\u0061"` compare equal.
    private mutating func string() -> String? {
        index += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                var result = String(scalars)
                result += String(decoding: raw, as: UTF8.self)
                return result
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return nil }
                let escape = bytes[index + 1]
                var decoded: UInt32?
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded = UInt32(escape)
                case UInt8(ascii: "b"): decoded = 8
                case UInt8(ascii: "f"): decoded = 12
                case UInt8(ascii: "n"): decoded = 10
                case UInt8(ascii: "r"): decoded = 13
                case UInt8(ascii: "t"): decoded = 9
                case UInt8(ascii: "u"):
                    guard index + 5 < bytes.count else { return nil }
                    var value: UInt32 = 0
                    for offset in 2...5 {
                        guard let digit = PercentDecoding.hexValue(bytes[index + offset]) else { return nil }
                        value = value << 4 | UInt32(digit)
                    }
                    decoded = value
                    index += 4
                default: return nil
                }
                index += 2
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
                // Lone surrogates cannot be scalars; they still compare by their code unit.
                scalars.append(Unicode.Scalar(decoded!) ?? Unicode.Scalar(0xFFFD)!)
                continue
            }
            guard byte >= 0x20 else { return nil }
            raw.append(byte)
            index += 1
        }
        return nil
    }
}
