import Crypto
import Foundation
import Synchronization
import Testing

@Suite struct UUIDv7Tests {
    @Test func idsCarryVersionSevenVariantAndTheMillisecond() throws {
        let generator = UUIDv7Generator(milliseconds: { 1_750_000_000_123 })
        let id = generator.next()
        #expect(id.isVersion7)
        #expect(id.version7Date == Date(timeIntervalSince1970: 1_750_000_000.123))
        let text = id.uuidString.lowercased()
        #expect(text.hasPrefix("01977"))
        #expect(Array(text)[14] == "7")
        #expect("89ab".contains(Array(text)[19]))
    }

    @Test func idsAreStrictlyIncreasingWithinOneMillisecond() {
        let generator = UUIDv7Generator(milliseconds: { 1_750_000_000_000 })
        var previous = generator.next().uuidString
        for _ in 0..<3000 {
            let next = generator.next().uuidString
            #expect(next > previous)
            previous = next
        }
    }

    @Test func idsKeepIncreasingWhenTheClockStepsBack() {
        let clock = Mutex<UInt64>(1_750_000_000_500)
        let generator = UUIDv7Generator(milliseconds: { clock.withLock { $0 } })
        let first = generator.next()
        clock.withLock { $0 -= 1000 }
        let second = generator.next()
        #expect(second.uuidString > first.uuidString)
        #expect(second.version7Date == first.version7Date)
    }

    @Test func idsFromTheSystemClockAreOrderedAndUnique() {
        let generator = UUIDv7Generator()
        let ids = (0..<10_000).map { _ in generator.next().uuidString }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(abs(generator.next().version7Date!.timeIntervalSinceNow) < 5)
    }

    @Test func parsingAcceptsOnlyCanonicalVersionSevenStrings() {
        #expect(UUID.isVersion7String("0190f3f4-7a1b-7c2d-8e3f-123456789abc"))
        #expect(UUID.isVersion7String("0190F3F4-7A1B-7C2D-BE3F-123456789ABC"))
        #expect(UUID(version7String: "0190f3f4-7a1b-7c2d-8e3f-123456789abc") != nil)
        #expect(!UUID.isVersion7String("0190f3f4-7a1b-4c2d-8e3f-123456789abc"))
        #expect(!UUID.isVersion7String("0190f3f4-7a1b-7c2d-ce3f-123456789abc"))
        #expect(!UUID.isVersion7String("0190f3f47a1b7c2d8e3f123456789abc"))
        #expect(!UUID.isVersion7String("{0190f3f4-7a1b-7c2d-8e3f-123456789abc}"))
        #expect(!UUID.isVersion7String(""))
        #expect(UUID().isVersion7 == false)
    }
}
