import COpenSSL
import Foundation

/// Comparison whose running time does not depend on where two secrets first differ.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes. Lengths are not secret: unequal lengths return `false` at once.
    public static func equals(_ lhs: some ContiguousBytes, _ rhs: some ContiguousBytes) -> Bool {
        lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                guard left.count == right.count else { return false }
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress, left.count > 0 else {
                    return true
                }
                return CRYPTO_memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }
}
