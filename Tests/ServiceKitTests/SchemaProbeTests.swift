import Foundation
import HTTP
import ServiceKit
import Testing

@Suite struct SchemaProbeTests {
    enum Colour: String, CaseIterable, Decodable, SchemaDescribing {
        case red, green
    }

    struct Part: Decodable, Sendable {
        var id: String
        var count: Int?
    }

    struct Body: StrictDecodable {
        static var multilineFields: Set<String> { ["notes"] }
        var title: String?
        var notes: String?
        var tags: [String]
        var parts: [Part]?
        var links: [String: String]?
        var colour: Colour?
        var level: String?
        var size: Int?
        var enabled: Bool?

        func validate() -> [FieldError] {
            var errors = BodyPurpose.current == .creation ? Checks.required(title, "title") : []
            if let title { errors += Checks.text(title, "title", maximum: 200, required: true) }
            errors += Checks.list(tags, "tags", count: 5, length: 30)
            for (index, part) in (parts ?? []).enumerated() { errors += Checks.id(part.id, "parts.\(index).id") }
            if let links {
                errors += Checks.count(links, "links", maximum: 3) + Checks.keys(links, "links", length: 1...32)
                for (name, link) in links { errors += Checks.url(link, "links.\(name)") }
            }
            if let level { errors += Checks.oneOf(level, "level", ["low", "high"]) }
            if let size { errors += Checks.range(size, "size", 1...9) }
            return errors
        }
    }

    @Test func theSchemaSaysWhatDecodingAndTheChecksAccept() throws {
        let schema = try SchemaProbe.schema(of: Body.self)
        #expect(schema.types == ["object"])
        #expect(schema.closed)
        #expect(
            schema.properties.map(\.name) == [
                "title", "notes", "tags", "parts", "links", "colour", "level", "size", "enabled",
            ])
        #expect(schema.properties.filter(\.isRequired).map(\.name) == ["tags"])
        let title = try #require(schema[property: "title"])
        #expect(title.types == ["string", "null"])
        #expect(title.maxLength == 200)
        #expect(title.minLength == 1)
        #expect(title.pattern == TextRules.nonBlankLinePattern)
        #expect(schema[property: "notes"]?.pattern == TextRules.multilinePattern)
        let tags = try #require(schema[property: "tags"])
        #expect(tags.types == ["array"])
        #expect(tags.maxItems == 5)
        #expect(tags.items?.maxLength == 30)
        #expect(tags.items?.pattern == TextRules.nonBlankLinePattern)
        let part = try #require(schema[property: "parts"]?.items)
        #expect(part.closed)
        #expect(part[property: "id"]?.format == "uuid")
        #expect(part.properties.filter(\.isRequired).map(\.name) == ["id"])
        let links = try #require(schema[property: "links"])
        #expect(links.maxProperties == 3)
        #expect(links.propertyNames?.maxLength == 32)
        #expect(links.additionalProperties?.pattern == Checks.urlPattern.source)
        #expect(schema[property: "colour"]?.enumeration == ["red", "green"])
        #expect(schema[property: "level"]?.enumeration == ["low", "high"])
        #expect(schema[property: "size"]?.minimum == 1)
        #expect(schema[property: "size"]?.maximum == 9)
        #expect(schema[property: "enabled"]?.types == ["boolean", "null"])
    }

    @Test func creationRequiresWhatItsChecksRequire() throws {
        let schema = try BodyPurpose.$current.withValue(.creation) { try SchemaProbe.schema(of: Body.self) }
        #expect(schema.properties.filter(\.isRequired).map(\.name) == ["title", "tags"])
    }

    struct Patch: StrictDecodable {
        var about: Nullable<String>?
        var rank: Nullable<Int>?

        func validate() -> [FieldError] {
            if let about = about?.value { return Checks.text(about, "about", maximum: 50) }
            return []
        }
    }

    @Test func aNullableMemberIsOptionalAndMayBeNull() throws {
        let schema = try SchemaProbe.schema(of: Patch.self)
        #expect(schema.properties.filter(\.isRequired).isEmpty)
        let about = try #require(schema[property: "about"])
        #expect(about.types == ["string", "null"])
        #expect(about.maxLength == 50)
        #expect(schema[property: "rank"]?.types == ["integer", "null"])
    }

    @Test func aNullableMemberTellsAbsentFromNull() throws {
        let absent = try JSONDecoder().decode(Patch.self, from: Data("{}".utf8))
        let cleared = try JSONDecoder().decode(Patch.self, from: Data(#"{"about":null}"#.utf8))
        let set = try JSONDecoder().decode(Patch.self, from: Data(#"{"about":"new"}"#.utf8))
        #expect(absent.about.patching("old") == "old")
        #expect(cleared.about.patching("old") == nil)
        #expect(set.about.patching("old") == "new")
    }

    @Test func thePatternsAgreeWithTheTextRules() {
        let samples = [
            "plain", "two\nlines", "tab\there", "nul\u{0}", "bell\u{7}", "del\u{7F}", "c1\u{85}", "", "  ",
            "é ünïcode 😀",
        ]
        for sample in samples {
            let line = TextPattern(TextRules.linePattern).matches(sample)
            let multiline = TextPattern(TextRules.multilinePattern).matches(sample)
            #expect(line == (TextRules.problem(in: sample, multiline: false) == nil), "\(sample.debugDescription)")
            #expect(multiline == (TextRules.problem(in: sample, multiline: true) == nil), "\(sample.debugDescription)")
            let nonBlank = TextPattern(TextRules.nonBlankLinePattern).matches(sample)
            #expect(nonBlank == (line && !Checks.trimmed(sample).isEmpty), "\(sample.debugDescription)")
        }
    }

    @Test func lengthsCountUnicodeScalars() {
        let decomposed = String(repeating: "e\u{301}", count: 50)  // 50 characters, 100 scalars
        #expect(Checks.text(decomposed, "name", maximum: 100).isEmpty)
        #expect(!Checks.text(decomposed + "x", "name", maximum: 100).isEmpty)
    }
}
