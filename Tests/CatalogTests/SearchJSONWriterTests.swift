import Foundation
import Testing

@testable import Catalog

@Suite("Search responses' JSON writer")
struct SearchJSONWriterTests {
    @Test func writesValidJSONThatParsesBackToTheValues() throws {
        let id = UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{07} nul \u{00} é 日本 🎓 </script>"
        var json = SearchJSONWriter()
        json.beginObject()
        json.string("text", tricky)
        json.uuid("id", id)
        json.int("count", -42)
        json.int("missing", nil)
        json.bool("yes", true)
        json.number("rating", text: "4.37")
        json.beginArray("list")
        json.string("a")
        json.beginObject()
        json.null("nothing")
        json.endObject()
        json.beginArray()
        json.endArray()
        json.endArray()
        json.beginObject("empty")
        json.endObject()
        json.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object["text"] as? String == tricky)
        #expect(object["id"] as? String == "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
        #expect(object["count"] as? Int == -42)
        #expect(object["missing"] is NSNull)
        #expect(object["yes"] as? Bool == true)
        #expect((object["rating"] as? NSNumber)?.doubleValue == 4.37)
        let list = try #require(object["list"] as? [Any])
        #expect(list.count == 3)
        #expect((list[1] as? [String: Any])?["nothing"] is NSNull)
        #expect((object["empty"] as? [String: Any])?.isEmpty == true)
        #expect(!String(decoding: json.bytes, as: UTF8.self).contains("\n"))
    }

    @Test func writesExactBytesForEscapesIdsAndIntegers() {
        var json = SearchJSONWriter()
        json.beginObject()
        json.string("t", "a\"b\\c/\n\r\t\u{08}\u{0C}\u{1F}é🎓")
        json.uuid("id", UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!)
        json.int("n", Int64.min)
        json.bool("b", false)
        json.null("z")
        json.endObject()
        #expect(
            String(decoding: json.bytes, as: UTF8.self)
                == #"{"t":"a\"b\\c/\n\r\t\u0008\u000c\u001fé🎓","id":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","#
                + #""n":-9223372036854775808,"b":false,"z":null}"#
        )
    }
}
