import Foundation

extension Decimal: PostgresDecodable {
    /// Reads `numeric` (base-10000 digits with a weight and sign) or any integer column.
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Decimal {
        switch type {
        case .int2, .int4, .int8:
            return Decimal(try Int64.decode(bytes, type: type))
        case .numeric:
            break
        default:
            throw .typeMismatch(Decimal.self, type)
        }
        var reader = BinaryReader(bytes)
        let digitCount = try reader.read(Int16.self, "numeric")
        let weight = try reader.read(Int16.self, "numeric")
        let sign = try reader.read(UInt16.self, "numeric")
        _ = try reader.read(Int16.self, "numeric")
        switch sign {
        case 0x0000, 0x4000: break
        case 0xC000: return .nan
        default: throw DecodingFailure("infinite numeric cannot be represented as Decimal")
        }
        guard digitCount >= 0 else { throw .malformed("numeric") }
        // Up to four base-10000 digits fit a UInt64; Decimal arithmetic is only needed past that.
        var small: UInt64 = 0
        var significand = Decimal(0)
        for index in 0..<digitCount {
            let digit = try reader.read(Int16.self, "numeric")
            guard (0..<10_000).contains(digit) else { throw .malformed("numeric") }
            if index < 4 {
                small = small * 10_000 + UInt64(digit)
                if index == min(digitCount, 4) - 1 { significand = Decimal(small) }
            } else {
                significand = significand * 10_000 + Decimal(Int(digit))
            }
        }
        let exponent = 4 * (Int(weight) - Int(digitCount) + 1)
        var value = Decimal(sign: sign == 0x4000 ? .minus : .plus, exponent: exponent, significand: significand)
        if significand == 0 { value = 0 }
        return value
    }
}
