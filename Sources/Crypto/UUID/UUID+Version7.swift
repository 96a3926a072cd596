import Foundation

extension UUID {
    /// Parses `text` as a version 7 UUID in the canonical 8-4-4-4-12 form (either case); `nil` otherwise.
    public init?(version7String text: String) {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: text), uuid.isVersion7 else { return nil }
        self = uuid
    }

    /// Whether this is a version 7 UUID with the RFC 9562 variant (`10` in the top bits of byte 8).
    public var isVersion7: Bool {
        uuid.6 >> 4 == 7 && uuid.8 & 0xC0 == 0x80
    }

    /// The creation time encoded in a version 7 UUID, to the millisecond; `nil` for other versions.
    public var version7Date: Date? {
        guard isVersion7 else { return nil }
        let bytes = [uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5]
        let milliseconds = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    /// Whether `text` is a canonical version 7 UUID string.
    public static func isVersion7String(_ text: String) -> Bool {
        UUID(version7String: text) != nil
    }
}
