import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct DecodingTests {
    @Test func everyScalarTypeDecodesFromItsColumn() async throws {
        try await TestSchema.with { pool, _ in
            let row = try await pool.query(
                """
                SELECT 'héllo'::text, 'v'::varchar, true, 7::int2, 70000::int4, 9000000000::int8, 2.5::float8,
                       '-1234.5600'::numeric, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid,
                       '2024-02-29 23:59:58.123456+00'::timestamptz, '2024-02-29 10:00:00'::timestamp,
                       '2024-02-29'::date, '\\x00ff10'::bytea, 0.000001::numeric, 100000000::numeric
                """)[0]
            #expect(try row.decode(String.self, at: 0) == "héllo")
            #expect(try row.decode(String.self, at: 1) == "v")
            #expect(try row.decode(Bool.self, at: 2) == true)
            #expect(try row.decode(Int16.self, at: 3) == 7)
            #expect(try row.decode(Int32.self, at: 4) == 70000)
            #expect(try row.decode(Int64.self, at: 5) == 9_000_000_000)
            #expect(try row.decode(Int.self, at: 4) == 70000)
            #expect(try row.decode(Double.self, at: 6) == 2.5)
            #expect(try row.decode(Decimal.self, at: 7) == Decimal(string: "-1234.56"))
            #expect(try row.decode(UUID.self, at: 8) == UUID(uuidString: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
            let stamp = try row.decode(Date.self, at: 9).timeIntervalSince1970
            #expect(abs(stamp - 1_709_251_198.123456) < 0.000001)
            #expect(try row.decode(Date.self, at: 10).timeIntervalSince1970 == 1_709_200_800)
            #expect(try row.decode(Date.self, at: 11).timeIntervalSince1970 == 1_709_164_800)
            #expect(try row.decode(Data.self, at: 12) == Data([0x00, 0xFF, 0x10]))
            #expect(try row.decode(Decimal.self, at: 13) == Decimal(string: "0.000001"))
            #expect(try row.decode(Decimal.self, at: 14) == Decimal(100_000_000))
        }
    }

    @Test func nullsDecodeAsNilAndFailForNonOptionals() async throws {
        try await TestSchema.with { pool, _ in
            let row = try await pool.query("SELECT NULL::text AS nickname, NULL::int8, NULL::uuid[]")[0]
            #expect(try row.decode(String?.self, at: 0) == nil)
            #expect(try row.decode(Int64?.self, at: 1) == nil)
            #expect(try row.decode([UUID]?.self, at: 2) == nil)
            #expect(row.isNull(at: 0))
            let error = #expect(throws: PostgresError.self) { try row.decode(String.self, column: "nickname") }
            #expect(error?.column == "nickname")
            #expect(error?.message == "unexpected NULL")
        }
    }

    enum Level: String {
        case beginner, advanced
    }

    @Test func textColumnsDecodeAsTheCaseTheyName() async throws {
        try await TestSchema.with { pool, _ in
            let row = try await pool.query("SELECT 'advanced'::text AS level, 'expert'::text AS wanted")[0]
            #expect(try row.decode(Level.self, at: 0) == .advanced)
            #expect(try row.decode(Level.self, column: "level") == .advanced)
            let unknown = #expect(throws: PostgresError.self) { try row.decode(Level.self, at: 1) }
            #expect(unknown?.isDecodingFailure == true)
            #expect(unknown?.column == "wanted")
            #expect(unknown?.message.contains("\"expert\"") == true)
            let byName = #expect(throws: PostgresError.self) { try row.decode(Level.self, column: "wanted") }
            #expect(byName?.column == "wanted")
        }
    }

    @Test func wrongTypeIsAnErrorNamingTheColumn() async throws {
        try await TestSchema.with { pool, _ in
            let row = try await pool.query("SELECT 'text'::text AS title, 300::int4 AS big")[0]
            let mismatch = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "title") }
            #expect(mismatch?.column == "title")
            #expect(mismatch?.isDecodingFailure == true)
            #expect(try row.decode(Int16.self, at: 1) == 300)
            let narrow = try await pool.query("SELECT 70000::int4 AS big")[0]
            let outOfRange = #expect(throws: PostgresError.self) { try narrow.decode(Int16.self, column: "big") }
            #expect(outOfRange?.column == "big")
            #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "missing") }
        }
    }

    @Test func arraysDecodeIncludingNullElementsAndEmptyArrays() async throws {
        try await TestSchema.with { pool, _ in
            let row = try await pool.query(
                """
                SELECT ARRAY[1, 2, 3]::int8[], ARRAY['a', NULL, 'c']::text[], '{}'::int4[],
                       ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid], ARRAY[true, false],
                       ARRAY[1.5, 2.25]::numeric[], ARRAY['2024-01-01'::date]
                """)[0]
            #expect(try row.decode([Int64].self, at: 0) == [1, 2, 3])
            #expect(try row.decode([String?].self, at: 1) == ["a", nil, "c"])
            #expect(throws: PostgresError.self) { try row.decode([String].self, at: 1) }
            #expect(try row.decode([Int32].self, at: 2) == [])
            #expect(try row.decode([UUID].self, at: 3) == [UUID(uuidString: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")!])
            #expect(try row.decode([Bool].self, at: 4) == [true, false])
            #expect(try row.decode([Decimal].self, at: 5) == [Decimal(string: "1.5")!, Decimal(string: "2.25")!])
            #expect(try row.decode([Date].self, at: 6).map(\.timeIntervalSince1970) == [1_704_067_200])
        }
    }

    @Test func jsonAndJSONBDecodeIntoDecodableTypes() async throws {
        struct Preferences: Codable, Sendable, Equatable {
            var language: String
            var emails: Bool
        }
        try await TestSchema.with { pool, _ in
            let row = try await pool.query(
                #"SELECT '{"language":"en","emails":true}'::jsonb, '{"language":"bn","emails":false}'::json"#)[0]
            #expect(
                try row.decode(PostgresJSON<Preferences>.self, at: 0).value == Preferences(language: "en", emails: true)
            )
            #expect(
                try row.decode(PostgresJSON<Preferences>.self, at: 1).value
                    == Preferences(language: "bn", emails: false))
            #expect(try row.decode(String.self, at: 0) == #"{"emails": true, "language": "en"}"#)
            #expect(throws: PostgresError.self) { try row.decode(PostgresJSON<[Int]>.self, at: 0) }
        }
    }

    @Test func everyBindTypeRoundTripsThroughATable() async throws {
        try await TestSchema.with { pool, _ in
            try await pool.execute(
                """
                CREATE TABLE samples (id uuid PRIMARY KEY, title text, flag bool, small int2, medium int4, large int8,
                    ratio float8, price numeric(12,2), at timestamptz, blob bytea, tags text[], scores int8[],
                    settings jsonb, note text)
                """)
            let id = UUID()
            let at = Date(timeIntervalSince1970: 1_700_000_000.654321)
            let note: String? = nil
            let inserted = try await pool.execute(
                """
                INSERT INTO samples VALUES (\(id), \("it's \"quoted\" \\ fine"), \(false), \(Int16(-3)), \(Int32(123_456)),
                    \(Int64.max), \(-0.125), \(Decimal(string: "19.99")!), \(at), \(Data([1, 2, 3])),
                    \(["x", "y z", "{}"]), \([Int64(5), 6]), \(PostgresJSON(["k": "v"])), \(note))
                """)
            #expect(inserted == 1)
            let row = try await pool.query("SELECT * FROM samples WHERE id = \(id)")[0]
            #expect(try row.decode(UUID.self, column: "id") == id)
            #expect(try row.decode(String.self, column: "title") == "it's \"quoted\" \\ fine")
            #expect(try row.decode(Bool.self, column: "flag") == false)
            #expect(try row.decode(Int16.self, column: "small") == -3)
            #expect(try row.decode(Int32.self, column: "medium") == 123_456)
            #expect(try row.decode(Int64.self, column: "large") == .max)
            #expect(try row.decode(Double.self, column: "ratio") == -0.125)
            #expect(try row.decode(Decimal.self, column: "price") == Decimal(string: "19.99"))
            #expect(abs(try row.decode(Date.self, column: "at").timeIntervalSince(at)) < 0.000002)
            #expect(try row.decode(Data.self, column: "blob") == Data([1, 2, 3]))
            #expect(try row.decode([String].self, column: "tags") == ["x", "y z", "{}"])
            #expect(try row.decode([Int64].self, column: "scores") == [5, 6])
            #expect(try row.decode(PostgresJSON<[String: String]>.self, column: "settings").value == ["k": "v"])
            #expect(try row.decode(String?.self, column: "note") == nil)
            let matched = try await pool.query("SELECT count(*) FROM samples WHERE id = ANY(\([id, UUID()]))")
            #expect(try matched[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func rowsDecodeIntoTuples() async throws {
        try await TestSchema.with { pool, _ in
            let rows = try await pool.query("SELECT g, 'n' || g FROM generate_series(1, 3) AS g")
            let pairs = try rows.decode((Int, String).self)
            #expect(pairs.map(\.0) == [1, 2, 3])
            #expect(pairs.map(\.1) == ["n1", "n2", "n3"])
        }
    }
}
