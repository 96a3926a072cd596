/// An ISO 4217 currency and its exponent: how many minor units make a major one is 10^exponent (JPY 0, USD 2,
/// BHD 3). Amounts are always integers of minor units in one currency; nothing converts between currencies.
struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The upper-case code (`USD`).
    let code: String

    /// The codes whose exponent is not 2.
    private static let exponents: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0,
        "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]

    /// The currency of three upper-case ASCII letters `code`, else `nil`.
    init?(_ code: String) {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else { return nil }
        self.code = code
    }

    /// Decimal places of the major unit.
    var exponent: Int { Self.exponents[code] ?? 2 }

    var description: String { code }

    /// `minor` units as a decimal text of the major unit (`125000` USD → `1250.00`, JPY → `125000`).
    func decimal(_ minor: Int) -> String {
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        guard exponent > 0 else { return sign + String(magnitude) }
        var scale: UInt = 1
        for _ in 0..<exponent { scale *= 10 }
        let fraction = String(magnitude % scale)
        return sign + String(magnitude / scale) + "." + String(repeating: "0", count: exponent - fraction.count)
            + fraction
    }

    /// The minor units of the decimal text `text` (`1250.00` → 125000), `nil` unless it is a plain non-negative
    /// decimal with at most `exponent` places.
    func minor(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 15,
            whole.utf8.allSatisfy({ (48...57).contains($0) })
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= exponent, fraction.utf8.allSatisfy({ (48...57).contains($0) }),
            parts.count == 1 || !fraction.isEmpty
        else { return nil }
        fraction += String(repeating: "0", count: exponent - fraction.count)
        return Int(whole + fraction)
    }
}
