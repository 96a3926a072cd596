/// The prepared statements of one connection, keyed by SQL text and parameter types.
struct StatementCache {
    /// Beyond this many statements, new queries run unnamed instead of growing the cache.
    static let capacity = 512

    private var names: [Key: String] = [:]

    struct Key: Hashable {
        let sql: String
        /// The parameter type OIDs folded into one number (FNV-1a), so a key needs no array.
        let types: UInt64

        init(sql: String, binds: [Query.Bind]) {
            self.sql = sql
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for bind in binds {
                hash = (hash ^ UInt64(bind.type.oid)) &* 0x100_0000_01b3
            }
            types = hash
        }
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
        hash = (hash ^ key.types) &* 0x100_0000_01b3
        let hex = String(hash, radix: 16)
        return "q" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
