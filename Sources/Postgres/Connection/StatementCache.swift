/// The prepared statements of one connection, keyed by SQL text and parameter types.
struct StatementCache {
    /// Beyond this many statements, new queries run unnamed instead of growing the cache.
    static let capacity = 512

    private var names: [Key: String] = [:]

    struct Key: Hashable {
        let sql: String
        let types: [UInt32]
    }

    var count: Int { names.count }
    var isFull: Bool { names.count >= Self.capacity }

    func name(for key: Key) -> String? { names[key] }

    mutating func insert(_ key: Key) -> String {
        let name = Self.name(for: key)
        names[key] = name
        return name
    }

    mutating func remove(_ key: Key) { names[key] = nil }

    mutating func removeAll() { names.removeAll() }

    /// A statement name derived from a 64-bit FNV-1a hash of the SQL and types.
    static func name(for key: Key) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.sql.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        for type in key.types {
            for shift in stride(from: 0, to: 32, by: 8) {
                hash = (hash ^ UInt64((type >> UInt32(shift)) & 0xFF)) &* 0x100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return "q" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
