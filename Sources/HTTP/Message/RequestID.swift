import Synchronization

/// Request ids: accepted when well-formed, generated otherwise.
public enum RequestID {
    private static let counter = Atomic<UInt64>(0)
    private static let prefix: String = {
        var bytes = [UInt8](repeating: 0, count: 6)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        return bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }()

    /// Whether `value` is 1–128 characters of `[A-Za-z0-9._-]`.
    public static func isWellFormed(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// A new id: a random per-process prefix and a counter, unique across replicas in practice.
    public static func generate() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return prefix + "-" + String(value, radix: 36)
    }

    /// The id of the request whose fields are `headers`: its `X-Request-Id` if well-formed, else a new one.
    ///
    /// The router and the server's own error answers both take the id from here, so a request keeps one id
    /// however it is answered. Pass the fields read so far when the head is incomplete, or none at all.
    public static func from(_ headers: HTTPHeaders) -> String {
        if let supplied = headers["x-request-id"], isWellFormed(supplied) { return supplied }
        return generate()
    }
}
