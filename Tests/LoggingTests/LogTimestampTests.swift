import Foundation
import Testing
import Time

@testable import Logging

@Suite struct LogTimestampTests {
    @Test func matchesRFC3339WithMillisecondsAcrossCalendarEdges() {
        let instants: [(Int, Int)] = [
            (0, 0), (951_782_400, 1), (951_868_799, 999), (1_709_251_199, 500), (4_107_542_400, 123),
            (1_798_761_599, 999), (253_402_300_799, 42), (-1, 999), (-86_400 * 365, 7),
        ]
        for (seconds, milliseconds) in instants {
            let date = Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000 + 0.0001)
            #expect(
                LogTimestamp(seconds: seconds, milliseconds: milliseconds).text
                    == RFC3339.string(date, fractionDigits: 3))
        }
    }

    @Test func agreesWithTheClockNow() {
        let before = Date().timeIntervalSince1970
        let now = LogTimestamp.now()
        let after = Date().timeIntervalSince1970
        let stamped = Double(now.seconds) + Double(now.milliseconds) / 1000
        #expect(stamped >= (before * 1000).rounded(.down) / 1000 && stamped <= after)
        #expect(RFC3339.date(now.text) != nil)
    }
}
