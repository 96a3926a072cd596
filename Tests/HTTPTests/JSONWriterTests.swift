import Foundation
import Testing

@testable import HTTP

/// Every kind of member the services' types hold.
private struct Sample: Codable {
    struct Lesson: Codable {
        var title: String
        var minutes: [Int]
        var notes: String?
    }
    var id: UUID
    var relatedIds: [UUID]
    var parentId: UUID?
    var missingId: UUID?
    var text: String
    var missing: String?
    var present: String?
    var isPublic: Bool
    var isHidden: Bool
    var rating: Double
    var ratios: [Double]
    var ratio: Float
    var lesson: Lesson
    var lessons: [Lesson]
    var matrix: [[Int]]
    var nothing: [String]
    var counts: [String: Int]
    var noCounts: [String: Int]
    var maybeNumbers: [Int?]
}

/// Every integer width at both ends.
private struct Widths: Codable {
    var int: [Int]
    var int8: [Int8]
    var int16: [Int16]
    var int32: [Int32]
    var int64: [Int64]
    var uint: [UInt]
    var uint8: [UInt8]
    var uint16: [UInt16]
    var uint32: [UInt32]
    var uint64: [UInt64]
    var single: Int64
    var singleUnsigned: UInt64

    static let extremes = Widths(
        int: [.min, -1, 0, .max], int8: [.min, .max], int16: [.min, .max], int32: [.min, .max],
        int64: [.min, .max], uint: [.min, .max], uint8: [.min, .max], uint16: [.min, .max],
        uint32: [.min, .max], uint64: [.min, 10, .max], single: .min, singleUnsigned: .max)
}

/// A type written by hand, using every container operation `Encoder` offers.
private class Animal: Encodable {
    var name = "Rex"
    private enum Keys: String, CodingKey { case name, legs, tags, meta, parent }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        try container.encodeNil(forKey: .parent)
        var tags = container.nestedUnkeyedContainer(forKey: .tags)
        try tags.encode("good")
        try tags.encodeNil()
        var pair = tags.nestedUnkeyedContainer()
        try pair.encode(1)
        try pair.encode(2.5)
        var inner = tags.nestedContainer(keyedBy: Keys.self)
        try inner.encode(4, forKey: .legs)
        try tags.encode(UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!)
        var meta = container.nestedContainer(keyedBy: Keys.self, forKey: .meta)
        try meta.encode(true, forKey: .legs)
        try container.encode(4, forKey: .legs)
    }
}

private final class Dog: Animal {
    var breed = "collie"
    private enum Keys: String, CodingKey { case breed, owner }
    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(breed, forKey: .breed)
        try super.encode(to: container.superEncoder())
        try Animal().encode(to: container.superEncoder(forKey: .owner))
    }
}

/// A subclass that shares its superclass's object, asking the encoder for it a second time.
private final class Cat: Animal {
    var lives = 9
    private enum Keys: String, CodingKey { case lives }
    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(lives, forKey: .lives)
        try super.encode(to: encoder)
    }
}

/// A value whose encoding writes nothing, which JSONEncoder writes as `{}`.
private struct Empty: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private struct Wrapper: Encodable {
    var empty = Empty()
    var single = SingleValue()
    var superInArray = SuperInArray()
}

/// A value written through a single-value container holding another value.
private struct SingleValue: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(["a": UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5C")!])
    }
}

private struct SuperInArray: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(1)
        _ = container.superEncoder()
        try Empty().encode(to: container.superEncoder())
        try "x".encode(to: container.superEncoder())
        try container.encode(2)
    }
}

/// Every control character, the characters JSON escapes, and text beyond ASCII and beyond the BMP.
private let trickyText =
    String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
    + "quote \" backslash \\ slash / é 日本 🎓👩‍💻 \u{2028} \u{7F} end"

private let sample = Sample(
    id: UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!,
    relatedIds: [UUID(), UUID(uuidString: "ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB")!],
    parentId: UUID(), missingId: nil, text: trickyText, missing: nil, present: "here", isPublic: true,
    isHidden: false, rating: 4.0,
    ratios: [
        0.1, 0.2 + 0.1, 1e300, -1e-300, -0.0, 0, 1, -1, 123_456_789.123, .pi, .leastNonzeroMagnitude,
        .greatestFiniteMagnitude,
        .leastNormalMagnitude, 1e16, 9_007_199_254_740_992, 1e-7, 100,
    ],
    ratio: 0.1,
    lesson: .init(title: "Intro", minutes: [1, 2], notes: nil),
    lessons: [.init(title: "A", minutes: [], notes: "n"), .init(title: trickyText, minutes: [3], notes: nil)],
    matrix: [[], [1], [1, 2]], nothing: [], counts: ["one": 1, "two": 2, "B": 3, "a": 4], noCounts: [:],
    maybeNumbers: [1, nil, 3])

@Suite("JSON writer")
struct JSONWriterTests {
    @Test func samplesReadBackAsJSONEncoderWritesThem() throws {
        try expectSameAsJSONEncoder(sample)
        try expectSameAsJSONEncoder(Widths.extremes)
        try expectSameAsJSONEncoder(Dog())
        try expectSameAsJSONEncoder(Cat())
        try expectSameAsJSONEncoder([Cat(), Cat()])
        try expectSameAsJSONEncoder(Wrapper())
        try expectSameAsJSONEncoder([sample, sample])
        try expectSameAsJSONEncoder(trickyText)
        try expectSameAsJSONEncoder(UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!)
        try expectSameAsJSONEncoder(Optional<Int>.none)
        try expectSameAsJSONEncoder([Double.leastNonzeroMagnitude, -Double.greatestFiniteMagnitude])
        try expectSameAsJSONEncoder([Float.greatestFiniteMagnitude, 0.1, 3.4e-38, 16_777_216])
    }

    @Test func idsAreLowerCase() throws {
        let text = String(decoding: try JSONWriter().encode(sample), as: UTF8.self)
        #expect(text.contains(#""id":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b""#))
        #expect(text.contains("abcdefab-cdef-abcd-efab-cdefabcdefab"))
        #expect(
            text.range(of: "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", options: .regularExpression)
                == nil)
    }

    @Test func keysFollowTheTypeUnlessSorted() throws {
        struct Order: Encodable {
            var zebra = 1
            var apple = 2
            var Mango = 3
            var _under = 4
        }
        #expect(try text(Order()) == #"{"zebra":1,"apple":2,"Mango":3,"_under":4}"#)
        #expect(try text(Order(), JSONWriter(sortsKeys: true)) == #"{"Mango":3,"_under":4,"apple":2,"zebra":1}"#)
    }

    @Test func sortedKeysMatchJSONEncoderByteForByte() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let problem = ProblemDetails(
            type: "https://campus.example/problems/x", title: "Bad Request", status: 400, detail: "a/b \"c\"",
            code: "validationFailed", requestId: "r-1",
            errors: [FieldError(field: "email", message: "is required"), FieldError(field: "b", message: "x")])
        let nested = ["b": ["z": 1, "a": 2], "a": ["y": 3, "B": 4, "_": 5]]
        let writer = JSONWriter(sortsKeys: true)
        #expect(try writer.encode(problem) == Array(try encoder.encode(problem)))
        #expect(try writer.encode(nested) == Array(try encoder.encode(nested)))
        #expect(try writer.encode([sample.lesson]) == Array(try encoder.encode([sample.lesson])))
    }

    @Test func nilOptionalsAreLeftOutAndExplicitNilIsNull() throws {
        struct Optionals: Encodable {
            var gone: String? = nil
            var kept: String? = "k"
            var empty: [Int]? = []
        }
        #expect(try text(Optionals()) == #"{"kept":"k","empty":[]}"#)
        #expect(try text([Optional<Int>.none, 1]) == "[null,1]")
        #expect(try text(Optional<String>.none) == "null")
        let animal = try text(Animal())
        #expect(animal.contains(#""parent":null"#))
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() throws {
        #expect(try text("a\"b\\c/d\n\r\t\u{01}\u{1F}é🎓") == #""a\"b\\c/d\n\r\t\u0001\u001fé🎓""#)
        let parsed = try #require(JSONParser.parse(try JSONWriter().encode(trickyText)))
        #expect(parsed.value == .string(trickyText))
    }

    @Test func escapesAreFoundAtEveryPositionOfLongText() throws {
        let special = (0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) } + ["\"", "\\", "é", "🎓", "~", "\u{7F}"]
        for character in special {
            for position in 0..<19 {
                var text = String(repeating: "a", count: 18)
                text.insert(character, at: text.index(text.startIndex, offsetBy: position))
                let bytes = try JSONWriter().encode([text])
                #expect(!bytes.contains { $0 < 0x20 })
                #expect(try #require(JSONParser.parse(bytes)).value == .array([.string(text)]))
            }
        }
    }

    @Test func numbersAreShortestAndExact() throws {
        #expect(try text([0.1, 1e300, -0.0, 4.0, 1.5, .leastNonzeroMagnitude]) == "[0.1,1e+300,-0,4,1.5,5e-324]")
        #expect(try text([Float(0.1), 3.25]) == "[0.1,3.25]")
        #expect(try text([Int64.min, Int64.max]) == "[-9223372036854775808,9223372036854775807]")
        #expect(try text([UInt64.max]) == "[18446744073709551615]")
        #expect(try text([Int128.min, Int128.max]) == "[\(Int128.min),\(Int128.max)]")
        #expect(try text([UInt128.max]) == "[\(UInt128.max)]")
        for value in sample.ratios {
            guard case .array(let numbers) = try #require(JSONParser.parse(try JSONWriter().encode([value]))).value,
                case .number(let number) = numbers.first
            else {
                Issue.record("\(value) did not read back as a number")
                continue
            }
            #expect(Double(number) == value)
        }
    }

    @Test func nonFiniteNumbersAreRefused() {
        for value in [Double.infinity, -.infinity, .nan] {
            #expect(throws: EncodingError.self) { try JSONWriter().encode(value) }
            #expect(throws: EncodingError.self) { try JSONWriter().encode([1, value]) }
            #expect(throws: EncodingError.self) { try JSONWriter().encode(["x": value]) }
        }
        #expect(throws: EncodingError.self) { try JSONWriter().encode([Float.nan]) }
        #expect(throws: EncodingError.self) { try JSONWriter().encode(Empty()) }
    }

    @Test func datesFollowTheChosenStrategy() throws {
        let dates = [Date(timeIntervalSince1970: 1_795_000_000.987), Date(timeIntervalSinceReferenceDate: 0.1)]
        let iso = JSONEncoder()
        iso.dateEncodingStrategy = .iso8601
        #expect(try JSONWriter(dateEncoding: .iso8601).encode(dates) == Array(try iso.encode(dates)))
        try expectSameAsJSONEncoder(dates)
    }

    @Test func dataURLAndDecimalAreWrittenAsJSONEncoderDoes() throws {
        struct Odd: Codable {
            var data = Data([0, 1, 2, 250, 251, 255])
            var url = URL(string: "https://campus.example/a?b=c")!
            var price = Decimal(string: "12.345")!
        }
        try expectSameAsJSONEncoder(Odd())
        #expect(try text(Odd().url) == #""https://campus.example/a?b=c""#)
    }

    @Test func aContainerWrittenAfterItsParentMovedOnIsRefused() {
        struct Stale: Encodable {
            enum Keys: CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .a)
                try container.encode(1, forKey: .b)
                try nested.encode(2, forKey: .a)
            }
        }
        #expect(throws: EncodingError.self) { try JSONWriter().encode(Stale()) }
    }

    /// Both outputs read back (with our parser and with JSONSerialization) to the same value, UUIDs aside: the
    /// expected side's are lower-cased.
    private func expectSameAsJSONEncoder<T: Encodable>(
        _ value: T, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let ours = try JSONWriter().encode(value)
        let theirs = lowercasingUUIDs(Array(try JSONEncoder().encode(value)))
        let oursParsed = try #require(JSONParser.parse(ours), sourceLocation: sourceLocation)
        let theirsParsed = try #require(JSONParser.parse(theirs), sourceLocation: sourceLocation)
        #expect(oursParsed.duplicates.isEmpty, sourceLocation: sourceLocation)
        #expect(Canonical(oursParsed.value) == Canonical(theirsParsed.value), sourceLocation: sourceLocation)
        let oursObject = try JSONSerialization.jsonObject(with: Data(ours), options: .fragmentsAllowed)
        let theirsObject = try JSONSerialization.jsonObject(with: Data(theirs), options: .fragmentsAllowed)
        #expect(sameFoundationValue(oursObject, theirsObject), sourceLocation: sourceLocation)
    }

    /// Whether two values from JSONSerialization are equal: numbers by value, objects regardless of order.
    private func sameFoundationValue(_ left: Any, _ right: Any) -> Bool {
        switch (left, right) {
        case (let left as [String: Any], let right as [String: Any]):
            return left.count == right.count
                && left.allSatisfy { key, value in right[key].map { sameFoundationValue(value, $0) } ?? false }
        case (let left as [Any], let right as [Any]):
            return left.count == right.count && zip(left, right).allSatisfy(sameFoundationValue)
        case (let left as String, let right as String):
            return left == right
        case (is NSNull, is NSNull):
            return true
        case (let left as NSNumber, let right as NSNumber):
            return left == right && left.stringValue == right.stringValue
        default:
            return false
        }
    }

    private func lowercasingUUIDs(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let pattern = try! NSRegularExpression(pattern: "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
        var result = text
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let range = Range(match.range, in: text)!
            result.replaceSubrange(range, with: text[range].lowercased())
        }
        return Array(result.utf8)
    }

    private func text<T: Encodable>(_ value: T, _ writer: JSONWriter = JSONWriter()) throws -> String {
        String(decoding: try writer.encode(value), as: UTF8.self)
    }
}

/// A parsed value compared as JSON means it: numbers by value, objects regardless of member order.
private enum Canonical: Equatable {
    case null
    case bool(Bool)
    case integer(Int128)
    case number(Double)
    case string(String)
    case array([Canonical])
    case object([String: Canonical])

    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .number(let text):
            if let integer = Int128(text) { self = .integer(integer) } else { self = .number(Double(text)!) }
        case .string(let string): self = .string(string)
        case .array(let elements): self = .array(elements.map(Canonical.init))
        case .object(let members):
            self = .object(Dictionary(members.map { ($0.key, Canonical($0.value)) }, uniquingKeysWith: { $1 }))
        }
    }
}

@Suite("JSON writer's layout")
struct JSONWriterLayoutTests {
    /// An encoder or container larger than three words would be boxed on the heap each time it is handed out
    /// as an existential (every nested value, array and single value).
    @Test func encodersAndContainersFitAnExistentialsInlineBuffer() {
        let inline = 3 * MemoryLayout<Int>.size
        #expect(MemoryLayout<JSONSlotEncoder>.size <= inline)
        #expect(MemoryLayout<JSONUnkeyedWriter>.size <= inline)
        #expect(MemoryLayout<JSONSingleValueWriter>.size <= inline)
        #expect(MemoryLayout<JSONKeyedWriter<JSONSuperKey>>.size <= inline)
    }
}
