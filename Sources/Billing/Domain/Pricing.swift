/// The price of a checkout, computed on the server from catalog's prices, a discount and a tax rate. Pure: it
/// reads and writes nothing.
///
/// The rules, all in integer minor units of the one currency:
/// - A percent discount takes, from each course it applies to, `unit × rate`, rounded half up.
/// - A fixed discount (at most the sum of the courses it applies to) is shared over them in proportion to their
///   prices: each gets the floor of its share, and the minor units left go one each to the largest remainders
///   (the earlier course first on a tie), so the shares add up to the discount exactly.
/// - Tax is per course, on its price less its discount (`net`). Prices without tax: `tax = net × rate` rounded half
///   up, and the course costs `net + tax`. Prices with tax: `tax = net − net ÷ (1 + rate)` (the division rounded
///   half up), and the course costs `net`.
/// - The payment's subtotal, discount, tax and total are the sums of its courses'.
enum Pricing {
    /// A course as catalog prices it.
    struct Line: Sendable, Equatable {
        var courseId: String
        var title: String
        var instructorId: String
        var instructorName: String
        var categoryId: String?
        var unitAmount: Int
    }

    /// A course priced: its discount, tax and total.
    struct PricedLine: Sendable, Equatable {
        var line: Line
        var discount: Int
        var tax: Int
        var total: Int
    }

    /// What a discount takes, before it is shared over the courses it applies to.
    enum Reduction: Sendable, Equatable {
        /// A share of each price, in basis points (10,000 = all of it).
        case percent(basisPoints: Int)
        /// An amount of the checkout's currency.
        case fixed(amount: Int)
    }

    /// The priced checkout.
    struct Priced: Sendable, Equatable {
        var lines: [PricedLine]
        var subtotal: Int
        var discount: Int
        var tax: Int
        var total: Int
    }

    /// `lines` priced with `reduction` on the lines `applies` accepts and `taxBasisPoints` of tax.
    static func price(
        _ lines: [Line], reduction: Reduction?, applies: (Line) -> Bool = { _ in true }, taxBasisPoints: Int,
        taxIncluded: Bool
    ) -> Priced {
        let discounts = share(reduction, over: lines.map { applies($0) ? $0.unitAmount : 0 })
        var priced: [PricedLine] = []
        for (line, discount) in zip(lines, discounts) {
            let net = line.unitAmount - discount
            let tax: Int
            let total: Int
            if taxIncluded {
                tax = net - roundedHalfUp(net * 10_000, dividedBy: 10_000 + taxBasisPoints)
                total = net
            } else {
                tax = roundedHalfUp(net * taxBasisPoints, dividedBy: 10_000)
                total = net + tax
            }
            priced.append(PricedLine(line: line, discount: discount, tax: tax, total: total))
        }
        return Priced(
            lines: priced, subtotal: lines.reduce(0) { $0 + $1.unitAmount },
            discount: priced.reduce(0) { $0 + $1.discount }, tax: priced.reduce(0) { $0 + $1.tax },
            total: priced.reduce(0) { $0 + $1.total })
    }

    /// Each amount's part of `reduction` (0 for an amount of 0, which is a course the discount does not apply to).
    static func share(_ reduction: Reduction?, over amounts: [Int]) -> [Int] {
        switch reduction {
        case nil:
            return amounts.map { _ in 0 }
        case .percent(let basisPoints):
            return amounts.map { min($0, roundedHalfUp($0 * basisPoints, dividedBy: 10_000)) }
        case .fixed(let amount):
            let base = amounts.reduce(0, +)
            let whole = min(amount, base)
            guard base > 0, whole > 0 else { return amounts.map { _ in 0 } }
            var shares = amounts.map { $0 * whole / base }
            let remainders = amounts.map { $0 * whole % base }
            var left = whole - shares.reduce(0, +)
            for index in remainders.indices.sorted(by: { (remainders[$0], $1) > (remainders[$1], $0) }) where left > 0 {
                guard amounts[index] > shares[index] else { continue }
                shares[index] += 1
                left -= 1
            }
            return shares
        }
    }

    /// `value ÷ divisor` rounded half up, for `value ≥ 0` and `divisor > 0`.
    static func roundedHalfUp(_ value: Int, dividedBy divisor: Int) -> Int {
        (value + divisor / 2) / divisor
    }
}
