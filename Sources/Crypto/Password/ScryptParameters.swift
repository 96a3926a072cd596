/// scrypt cost parameters (RFC 7914): N = 2^`logN` (CPU and memory cost), `r` (block size), `p` (parallelism).
///
/// One hash needs about 128 × N × r bytes of memory: 128 MiB for the default.
public struct ScryptParameters: Sendable, Hashable, CustomStringConvertible {
    /// log2 of the cost N; the stored form calls it `ln`.
    public let logN: Int
    /// The block size r.
    public let r: Int
    /// The parallelism p.
    public let p: Int

    /// The supported range of `logN`: 2^24 × r=8 would already need 2 GiB per hash.
    public static let logNRange = 1...24
    /// The supported range of `r`.
    public static let rRange = 1...32
    /// The supported range of `p`.
    public static let pRange = 1...16

    /// OWASP's recommendation: N = 2^17, r = 8, p = 1 (128 MiB per hash).
    public static let recommended = ScryptParameters(uncheckedLogN: 17, r: 8, p: 1)

    /// A cheap setting for tests and local development only: N = 2^10, r = 8, p = 1 (1 MiB per hash).
    public static let insecureFastForTesting = ScryptParameters(uncheckedLogN: 10, r: 8, p: 1)

    /// Creates parameters after checking them against the supported ranges.
    /// - Throws: `CryptoError.invalidParameters` when a value is out of range.
    public init(logN: Int, r: Int, p: Int) throws {
        guard Self.logNRange.contains(logN), Self.rRange.contains(r), Self.pRange.contains(p) else {
            throw CryptoError.invalidParameters
        }
        self.init(uncheckedLogN: logN, r: r, p: p)
    }

    private init(uncheckedLogN logN: Int, r: Int, p: Int) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// Parses the stored form `ln=17,r=8,p=1` (also accepted from configuration, e.g. `PASSWORD_SCRYPT`).
    /// - Throws: `CryptoError.invalidParameters` for any other shape or an out-of-range value.
    public init(parsing text: some StringProtocol) throws {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 3 else { throw CryptoError.invalidParameters }
        var values: [Int] = []
        for (field, name) in zip(fields, ["ln", "r", "p"]) {
            let pair = field.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0] == name, Self.isCanonicalNumber(pair[1]), let value = Int(pair[1]) else {
                throw CryptoError.invalidParameters
            }
            values.append(value)
        }
        try self.init(logN: values[0], r: values[1], p: values[2])
    }

    /// N = 2^`logN`.
    public var n: UInt64 { 1 << UInt64(logN) }

    /// The memory one derivation allocates, in bytes: OpenSSL's V (128 × r × (N + 2)) plus B (128 × r × p).
    public var memoryBytes: UInt64 {
        128 * UInt64(r) * (n + 2) + 128 * UInt64(r) * UInt64(p)
    }

    /// Whether these parameters are weaker than `policy` in any of N, r or p.
    public func isWeaker(than policy: ScryptParameters) -> Bool {
        logN < policy.logN || r < policy.r || p < policy.p
    }

    /// The stored form, `ln=17,r=8,p=1`.
    public var description: String { "ln=\(logN),r=\(r),p=\(p)" }

    private static func isCanonicalNumber(_ text: some StringProtocol) -> Bool {
        guard let first = text.utf8.first, !text.isEmpty, text.utf8.count <= 3 else { return false }
        return text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            && (first != UInt8(ascii: "0") || text.utf8.count == 1)
    }
}
