import Foundation
import Testing

@testable import HTTP

/// A body with every kind of field the services use: required, optional, nested, lists, a dictionary.
private struct Profile: StrictDecodable, Equatable {
    struct Address: Codable, Equatable {
        var city: String
        var postcode: String?
    }
    var name: String
    var about: String?
    var age: Int?
    var score: Double?
    var isPublic: Bool?
    var tags: [String]?
    var address: Address?
    var links: [String: String]?

    static var multilineFields: Set<String> { ["about"] }
}

private func problems(_ json: String) -> [String] {
    do {
        _ = try StrictJSON.decode(Profile.self, from: Array(json.utf8))
        return []
    } catch let error as RequestError {
        return error.fieldErrors.map { $0.field + " " + $0.message }
    } catch {
        return ["unexpected \(error)"]
    }
}

private func isRefusedAsJSON(_ json: String) -> Bool {
    do {
        _ = try StrictJSON.decode(Profile.self, from: Array(json.utf8))
        return false
    } catch let error as RequestError {
        return error.fieldErrors.isEmpty && error.status == .badRequest
    } catch {
        return false
    }
}

@Suite struct StrictJSONTests {
    @Test func decodesEveryKindOfField() throws {
        let profile = try StrictJSON.decode(
            Profile.self,
            from: Array(
                #"{"name":"Ada","about":"line one\nline two","age":36,"score":9.5,"isPublic":true,"tags":["a","b"],"address":{"city":"London"},"links":{"web":"https://a.example"}}"#
                    .utf8))
        #expect(
            profile
                == Profile(
                    name: "Ada", about: "line one\nline two", age: 36, score: 9.5, isPublic: true, tags: ["a", "b"],
                    address: .init(city: "London"), links: ["web": "https://a.example"]))
    }

    @Test func refusesUnknownKeysWhateverTheirValue() {
        #expect(problems(#"{"name":"a","bogus":1}"#) == ["bogus is not a known field"])
        #expect(problems(#"{"name":"a","bogus":null}"#) == ["bogus is not a known field"])
        #expect(problems(#"{"name":"a","":null}"#) == [" is not a known field"])
        #expect(problems(#"{"name":"a","address":{"city":"x","zip":null}}"#) == ["address.zip is not a known field"])
        #expect(problems(#"{"name":"a","bogus":{"deep":[1,{"x":null}]}}"#) == ["bogus is not a known field"])
        // Known optional keys sent as null are fine, and a dictionary's keys are its own.
        #expect(problems(#"{"name":"a","about":null,"address":null,"links":{"any key":"v"}}"#) == [])
    }

    @Test func refusesDuplicateKeysAtEveryLevel() {
        #expect(problems(#"{"name":"a","name":"b"}"#) == ["name appears more than once"])
        #expect(problems(#"{"name":"a","\u006eame":"b"}"#) == ["name appears more than once"])
        #expect(problems(#"{"name":"a","address":{"city":"x","city":"y"}}"#) == ["address.city appears more than once"])
    }

    @Test func typesAreStrict() {
        #expect(problems(#"{"name":1}"#) == ["name must be a string"])
        #expect(problems(#"{"name":"a","age":"36"}"#) == ["age must be an integer"])
        #expect(problems(#"{"name":"a","age":36.5}"#) == ["age must be an integer"])
        #expect(problems(#"{"name":"a","age":36.25e1}"#) == ["age must be an integer"])
        #expect(problems(#"{"name":"a","age":99999999999999999999}"#) == ["age is not valid"])
        #expect(problems(#"{"name":"a","isPublic":1}"#) == ["isPublic must be a boolean"])
        #expect(problems(#"{"name":"a","score":1e999}"#) == ["score is not valid"])
        #expect(problems(#"{"name":null}"#) == ["name must be a string, not null"])
        #expect(problems(#"{}"#) == ["name is required"])
        #expect(problems(#"{"name":"a","tags":["x",2]}"#) == ["tags.1 must be a string"])
    }

    @Test func anIntegerIsANumberWithNoFractionalPartHoweverWritten() throws {
        for (text, age) in [("36", 36), ("36.0", 36), ("3.6e1", 36), ("360e-1", 36), ("1e3", 1000), ("-2.50e1", -25), ("0.0e5", 0)] {
            let profile = try StrictJSON.decode(Profile.self, from: Array(#"{"name":"a","age":\#(text)}"#.utf8))
            #expect(profile.age == age, "\(text)")
        }
        #expect(problems(#"{"name":"a","age":1e30}"#) == ["age is not valid"])
        #expect(problems(#"{"name":"a","age":5e-3}"#) == ["age must be an integer"])
    }

    @Test func refusesNULAndControlCharactersWithAFieldError() {
        #expect(problems(#"{"name":"a\u0000b"}"#) == ["name must not contain control characters"])
        #expect(problems(#"{"name":"\u0000x"}"#) == ["name must not contain control characters"])
        #expect(problems(#"{"name":"a","tags":["a\u0000b"]}"#) == ["tags.0 must not contain control characters"])
        #expect(problems(#"{"name":"a","about":"before\u0000after"}"#) == ["about must not contain control characters"])
        for scalar in [0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x85, 0x9F] {
            let escaped = String(format: "\\u%04x", scalar)
            #expect(problems(#"{"name":"a\#(escaped)b"}"#) == ["name must not contain control characters"])
        }
        #expect(problems(#"{"name":"a\u0000b","links":{"k":"\u0007"}}"#).count == 2)
    }

    @Test func lineBreaksOnlyWhereAFieldAllowsSeveralLines() {
        #expect(problems(#"{"name":"a","about":"one\r\ntwo\tthree"}"#) == [])
        #expect(problems(#"{"name":"a\nb"}"#) == ["name must be a single line (no tab or line break)"])
        #expect(problems(#"{"name":"a\tb"}"#) == ["name must be a single line (no tab or line break)"])
        #expect(problems(#"{"name":"a","address":{"city":"a\rb"}}"#) == ["address.city must be a single line (no tab or line break)"])
    }

    @Test func ordinaryUnicodeIsText() {
        #expect(problems(#"{"name":"Zoë 日本 🎓 \u00e9 \ud83c\udf93 ‮"}"#) == [])
    }

    @Test func refusesWhatIsNotJSON() {
        for text in [
            "", "{", #"{"name":"a"} x"#, #"{"name":'a'}"#, #"{"name":"a",}"#, "[1,]", "01", "1.", "-", "+1", ".5",
            "tru", "nul", #"{"name":"a\x"}"#, #"{"name":"\ud800"}"#, #"{"name":"\udc00x"}"#, #"{"name":"\u12"}"#,
            "{\"name\":\"a\u{1}b\"}", "{\"name\":\"a\nb\"}",
        ] {
            #expect(isRefusedAsJSON(text), "\(text.debugDescription)")
        }
        #expect(isRefusedAsJSON("{\"name\":\"a\u{0}b\"}"))
        #expect(JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) == nil)  // invalid UTF-8
    }

    @Test func refusesNestingBeyondTheLimitWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONParser.parse(Array(deep.utf8)) == nil)
        let atLimit = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(JSONParser.parse(Array(atLimit.utf8)) != nil)
        let objects = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(isRefusedAsJSON(objects))
    }

    @Test func parsesNumbersAndEscapesExactly() {
        #expect(JSONParser.parse(Array(#"[0,-0,1.5e-3,-12E+2]"#.utf8))?.value == .array([.number("0"), .number("-0"), .number("1.5e-3"), .number("-12E+2")]))
        #expect(JSONParser.parse(Array(#""\"\\\/\b\f\n\r\t\u00e9\ud83c\udf93""#.utf8))?.value == .string("\"\\/\u{8}\u{C}\n\r\té🎓"))
    }

    @Test func reportsDuplicateKeysByPath() {
        #expect(JSONParser.parse(Array(#"{"a":1,"b":{"c":1,"c":2},"\u0061":3}"#.utf8))?.duplicates == ["b.c", "a"])
        #expect(JSONParser.parse(Array(#"[{"a":1},{"a":2}]"#.utf8))?.duplicates == [])
        #expect(JSONParser.parse(Array(#"[{"a":1,"a":2}]"#.utf8))?.duplicates == ["0.a"])
        #expect(JSONParser.parse(Array(#"{"a":1"#.utf8)) == nil)
    }
}
