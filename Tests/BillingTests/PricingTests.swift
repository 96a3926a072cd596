import Testing

@testable import Billing

@Suite struct PricingTests {
    static func line(_ id: String, _ amount: Int, category: String? = nil) -> Pricing.Line {
        Pricing.Line(
            courseId: id, title: "Course " + id, instructorId: "i", instructorName: "Ada", categoryId: category,
            unitAmount: amount)
    }

    @Test func currenciesHaveTheirISOExponents() {
        #expect(Currency("JPY")?.exponent == 0 && Currency("USD")?.exponent == 2 && Currency("BHD")?.exponent == 3)
        #expect(
            Currency("usd") == nil && Currency("US") == nil && Currency("USDX") == nil && Currency("U\u{0}D") == nil)
        #expect(Currency("USD")!.decimal(125_000) == "1250.00" && Currency("USD")!.decimal(5) == "0.05")
        #expect(Currency("JPY")!.decimal(1250) == "1250" && Currency("BHD")!.decimal(1_234_567) == "1234.567")
        #expect(Currency("USD")!.minor("1250.00") == 125_000 && Currency("USD")!.minor("1250.5") == 125_050)
        #expect(Currency("USD")!.minor("12") == 1200 && Currency("JPY")!.minor("12") == 12)
        for bad in ["", ".5", "1.", "1.234", "-1.00", "1,00", "1e3", " 1.00", "1.0\u{0}"] {
            #expect(Currency("USD")!.minor(bad) == nil, "\(bad)")
        }
        #expect(Currency("JPY")!.minor("12.0") == nil)
    }

    @Test func aPercentDiscountRoundsHalfUpPerCourse() {
        // 12.5% of 1999 is 249.875 → 250; of 1 is 0.125 → 0; of 4 is 0.5 → 1.
        let priced = Pricing.price(
            [Self.line("a", 1999), Self.line("b", 1), Self.line("c", 4)], reduction: .percent(basisPoints: 1250),
            taxBasisPoints: 0, taxIncluded: false)
        #expect(priced.lines.map(\.discount) == [250, 0, 1])
        #expect(priced.subtotal == 2004 && priced.discount == 251 && priced.total == 1753)
        let all = Pricing.price(
            [Self.line("a", 999)], reduction: .percent(basisPoints: 10_000), taxBasisPoints: 0, taxIncluded: false)
        #expect(all.total == 0 && all.discount == 999)
    }

    @Test func aFixedDiscountIsSharedExactlyByPriceWithTheLeftoverToTheLargestRemainders() {
        // 1000 over 3 equal prices: 333 each, the one left over to the first.
        #expect(Pricing.share(.fixed(amount: 1000), over: [500, 500, 500]) == [334, 333, 333])
        // Never more than the courses cost, and nothing for a course it does not apply to (amount 0).
        #expect(Pricing.share(.fixed(amount: 5000), over: [1000, 0, 2000]) == [1000, 0, 2000])
        #expect(Pricing.share(.fixed(amount: 100), over: [0, 0]) == [0, 0])
        // Shares always add up to the discount, over many odd cases.
        for seed in 1...500 {
            let amounts = (0..<(seed % 5 + 1)).map { ($0 * 7919 + seed * 104_729) % 10_007 }
            let discount = seed * 37 % 20_000
            let shares = Pricing.share(.fixed(amount: discount), over: amounts)
            #expect(shares.reduce(0, +) == min(discount, amounts.reduce(0, +)))
            #expect(zip(shares, amounts).allSatisfy { $0 >= 0 && $0 <= $1 })
        }
    }

    @Test func taxIsPerCourseOnItsNetAndRoundsHalfUpAtTheEdges() {
        // 7.5% of 1000 = 75; of 10 = 0.75 → 1; of 6 = 0.45 → 0; of 2 = 0.15 → 0; of 20 = 1.5 → 2.
        let exclusive = Pricing.price(
            [Self.line("a", 1000), Self.line("b", 10), Self.line("c", 6), Self.line("d", 20)], reduction: nil,
            taxBasisPoints: 750, taxIncluded: false)
        #expect(exclusive.lines.map(\.tax) == [75, 1, 0, 2])
        #expect(exclusive.total == 1036 + 78 && exclusive.tax == 78)
        // Included: 1075 at 7.5% holds 75 of tax; 1 holds 0 (1 ÷ 1.075 = 0.93 → 1).
        let inclusive = Pricing.price(
            [Self.line("a", 1075), Self.line("b", 1)], reduction: nil, taxBasisPoints: 750, taxIncluded: true)
        #expect(inclusive.lines.map(\.tax) == [75, 0] && inclusive.total == 1076)
        // Tax follows the discount: 10% off 1000 leaves 900, taxed 20% = 180.
        let both = Pricing.price(
            [Self.line("a", 1000)], reduction: .percent(basisPoints: 1000), taxBasisPoints: 2000, taxIncluded: false)
        #expect(both.lines[0].discount == 100 && both.lines[0].tax == 180 && both.total == 1080)
    }

    @Test func onlyTheCoursesTheDiscountAppliesToAreReduced() {
        let priced = Pricing.price(
            [Self.line("a", 1000, category: "x"), Self.line("b", 1000, category: "y")],
            reduction: .fixed(amount: 300), applies: { $0.categoryId == "x" }, taxBasisPoints: 0, taxIncluded: false)
        #expect(priced.lines.map(\.discount) == [300, 0] && priced.total == 1700)
    }
}
