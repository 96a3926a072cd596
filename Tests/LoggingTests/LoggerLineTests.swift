import Foundation
import Logging
import Synchronization
import Testing

/// The lines a logger handed to its sink.
final class CapturedLines: Sendable {
    let lines = Mutex<[String]>([])

    /// A logger whose lines land here.
    func logger(metadata: [String: String] = [:]) -> Logger {
        Logger(
            service: "test", minimumLevel: .debug, metadata: metadata,
            sink: { line in self.lines.withLock { $0.append(line) } })
    }

    /// The only line, parsed.
    func object() throws -> [String: Any] {
        let lines = lines.withLock { $0 }
        try #require(lines.count == 1)
        return try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    }
}

@Suite struct LoggerLineTests {
    static let hostile: [String] = [
        "", "\0", "a\0b", "\"", "\\", "\\\"", "\"\\\"", "/", "</script>", "\u{7F}", "\u{2028}\u{2029}", "é", "e\u{301}",
        "👩‍💻🇧🇩", "\u{FFFD}", "\u{10FFFF}", "tab\there", "line\nbreak\r\n",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }),
    ]

    @Test func escapesHostileStringsSoThatTheyParseBackToThemselves() throws {
        for text in Self.hostile {
            let captured = CapturedLines()
            captured.logger(metadata: ["meta\(text)": text]).info(text, ["field\(text)": text, text + "!": 1])
            let object = try captured.object()
            if !text.isEmpty { #expect(object["message"] as? String == text) }
            #expect(object["meta\(text)"] as? String == text)
            #expect(object["field\(text)"] as? String == text)
            #expect(object[text + "!"] as? Int == 1)
        }
    }

    @Test func writesControlCharactersAsEscapes() {
        let captured = CapturedLines()
        captured.logger().info("", ["s": "\0\u{1}\u{1F}\n\r\t\u{8}\u{C}\"\\"])
        let line = captured.lines.withLock { $0 }.first ?? ""
        #expect(line.hasSuffix(#""s":"\u0000\u0001\u001f\n\r\t\b\f\"\\"}"#))
        #expect(!line.utf8.contains { $0 < 0x20 })
    }

    @Test func carriesAMegabyteOfMixedTextWhole() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = Self.hostile + ["plain text ", "ü", "語"]
        var text = ""
        while text.utf8.count < 1_100_000 { text += pieces.randomElement(using: &generator)! }
        let captured = CapturedLines()
        captured.logger().info(text, ["same": text])
        let object = try captured.object()
        #expect(object["message"] as? String == text)
        #expect(object["same"] as? String == text)
    }

    @Test func writesNumbersAndBooleansAsJSONValues() throws {
        let captured = CapturedLines()
        captured.logger().info(
            "",
            [
                "max": Int.max, "min": Int.min, "zero": 0, "ms": 0.125, "tiny": 1e-7, "huge": 5e20, "whole": 3.0,
                "nan": Double.nan, "yes": true, "no": false, "other": Int64(7),
            ])
        let object = try captured.object()
        #expect(object["max"] as? Int == Int.max)
        #expect(object["min"] as? Int == Int.min)
        #expect(object["zero"] as? Int == 0)
        #expect(object["ms"] as? Double == 0.125)
        #expect(object["tiny"] as? Double == 1e-7)
        #expect(object["huge"] as? Double == 5e20)
        #expect(object["whole"] as? Double == 3)
        #expect(object["nan"] is NSNull)
        #expect(object["yes"] as? Bool == true)
        #expect(object["no"] as? Bool == false)
        #expect(object["other"] as? String == "7")
    }

    @Test func ordersMembersTimeLevelServiceMessageThenMetadataThenFieldsEachSorted() throws {
        let captured = CapturedLines()
        captured.logger(metadata: ["requestId": "r-1", "a": "x"]).warning("hello", ["status": 200, "method": "GET"])
        let line = captured.lines.withLock { $0 }.first ?? ""
        let keys = ["time", "level", "service", "message", "a", "requestId", "method", "status"]
        let positions = keys.map { line.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(line.hasPrefix(#"{"time":""#))
        #expect(line.contains(#","level":"warning","service":"test","message":"hello","a":"x","requestId":"r-1","#))
    }

    @Test func fieldsReplaceMetadataAndFixedMembersOfTheSameName() throws {
        let captured = CapturedLines()
        captured.logger(metadata: ["requestId": "meta", "service": "meta"]).info(
            "m", ["requestId": "field", "level": "custom"])
        let line = captured.lines.withLock { $0 }.first ?? ""
        for key in ["requestId", "service", "level"] {
            #expect(line.components(separatedBy: "\"\(key)\":").count == 2, "\(key) appears once in \(line)")
        }
        let object = try captured.object()
        #expect(object["requestId"] as? String == "field")
        #expect(object["service"] as? String == "meta")
        #expect(object["level"] as? String == "custom")
    }

    @Test func sortedFieldsWriteTheSameLineAsADictionary() {
        let captured = CapturedLines()
        let logger = captured.logger(metadata: ["requestId": "r-1"])
        logger.info("", ["method": "GET", "ms": 0.25, "route": "/healthz", "status": 200, "ok": true])
        logger.log(
            .info, "",
            sortedFields: [
                "method": .string("GET"), "ms": .double(0.25), "ok": .bool(true), "route": .string("/healthz"),
                "status": .int(200),
            ])
        let lines = captured.lines.withLock { $0 }.map { $0.drop { $0 != "," } }
        #expect(lines.count == 2)
        #expect(lines.first == lines.last)
    }

    @Test func dropsLinesBelowTheMinimumLevel() {
        let captured = CapturedLines()
        var logger = captured.logger()
        logger.minimumLevel = .warning
        logger.info("no")
        logger.debug("no")
        logger.error("yes")
        #expect(captured.lines.withLock { $0 }.count == 1)
    }
}
