import Foundation
import Testing
import Time

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

    @Test func writesPostgresAndLogFormsFromTheSameMicroseconds() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123456)
        #expect(RFC3339.string(date, separator: " ", utcSuffix: "+00") == "2023-11-14 22:13:20.123456+00")
        #expect(RFC3339.string(date, fractionDigits: 3) == "2023-11-14T22:13:20.123Z")
        // Milliseconds are cut, not rounded, so a log line never shows a later second than the instant's.
        #expect(RFC3339.string(Date(timeIntervalSince1970: 59.9999), fractionDigits: 3) == "1970-01-01T00:00:59.999Z")
        #expect(RFC3339.string(Date(timeIntervalSince1970: -0.0005), fractionDigits: 3) == "1969-12-31T23:59:59.999Z")
    }

    @Test func responseTimesAreTheStoredMicrosecondsCutToTheMillisecond() {
        #expect(RFC3339.milliseconds(Date(timeIntervalSince1970: 1_795_000_000.123456)) == "2026-11-18T11:06:40.123Z")
        #expect(RFC3339.milliseconds(Date(timeIntervalSince1970: 1_795_000_000.999999)) == "2026-11-18T11:06:40.999Z")
        #expect(RFC3339.milliseconds(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.milliseconds(nil as Date?) == nil)
        // Instants of whole microseconds, as PostgreSQL hands them over, read back to their millisecond: 2,000 odd ones
        // from 2026 to 2070 (a Double holds a microsecond exactly enough for that until about 2200).
        var micros: Int64 = 1_767_225_600_000_000
        for _ in 0..<2000 {
            micros += 700_000_000_001
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let text = RFC3339.milliseconds(date)
            let back = RFC3339.date(text)!.timeIntervalSince1970
            #expect(Int64((back * 1000).rounded()) == micros / 1000, "\(text)")
        }
    }

    @Test func readsTimesWithAndWithoutFractionsAndOffsets() {
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(RFC3339.date(RFC3339.string(base)) == base)
        #expect(RFC3339.date("2026-11-21T10:00:00Z") == RFC3339.date("2026-11-21T12:00:00+02:00"))
        #expect(RFC3339.date("2026-11-21T10:00:00.5Z")!.timeIntervalSince(RFC3339.date("2026-11-21T10:00:00Z")!) == 0.5)
        for bad in [
            "", "yesterday", "2026-11-21", "2026-11-21 10:00:00Z", "2026-13-01T00:00:00Z", "2026-11-21T10:00:00",
        ] {
            #expect(RFC3339.date(bad) == nil, "\(bad)")
        }
    }
}
