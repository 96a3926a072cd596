import Foundation
import Testing

@testable import ServiceKit

@Suite struct RFC3339Tests {
    @Test func writesUTCWithSixFractionDigitsSoLaterSortsLater() {
        let date = Date(timeIntervalSince1970: 1_795_000_000.123456)
        #expect(RFC3339.string(date) == "2026-11-18T11:06:40.123456Z")
        #expect(RFC3339.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(RFC3339.string(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
        let earlier = RFC3339.string(Date(timeIntervalSince1970: 1_795_000_000.9))
        let later = RFC3339.string(Date(timeIntervalSince1970: 1_795_000_000.900001))
        #expect(earlier < later)
    }
}
