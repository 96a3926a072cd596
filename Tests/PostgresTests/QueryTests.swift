import Foundation
import Postgres
import Testing

@Suite struct QueryTests {
    @Test func interpolatedValuesBecomePlaceholdersAndBinds() {
        let id: Int64 = 42
        let name = "Robert'); DROP TABLE students;--"
        let query: Query = "SELECT id FROM users WHERE id = \(id) AND name = \(name)"
        #expect(query.sql == "SELECT id FROM users WHERE id = $1 AND name = $2")
        #expect(
            query.binds == [
                Query.Bind(text: "42", type: .int8),
                Query.Bind(text: name, type: .unspecified),
            ])
    }

    @Test func nilBindsNullOfTheWrappedType() {
        let missing: UUID? = nil
        let query: Query = "UPDATE t SET owner = \(missing)"
        #expect(query.sql == "UPDATE t SET owner = $1")
        #expect(query.binds == [Query.Bind(text: nil, type: .uuid)])
    }

    @Test func arraysBindAsQuotedPostgresArrayLiterals() {
        let tags = ["swift", "a\"b", "c\\d", "x,y", ""]
        let query: Query = "SELECT 1 WHERE tag = ANY(\(tags))"
        #expect(query.sql == "SELECT 1 WHERE tag = ANY($1)")
        #expect(query.binds == [Query.Bind(text: #"{"swift","a\"b","c\\d","x,y",""}"#, type: .textArray)])
        let ids: [Int?] = [1, nil, 3]
        let second: Query = "SELECT \(ids)"
        #expect(second.binds == [Query.Bind(text: #"{"1",NULL,"3"}"#, type: .int8Array)])
    }

    @Test func valuesRenderInPostgresTextFormat() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let bytes = Data([0x00, 0xAB, 0xFF])
        let query: Query = "SELECT \(true), \(Decimal(string: "12.50")!), \(date), \(bytes), \(1.5)"
        #expect(query.binds.map(\.text) == ["t", "12.5", "2023-11-14 22:13:20.123456+00", "\\x00abff", "1.5"])
        #expect(query.binds.map(\.type) == [.bool, .numeric, .timestamptz, .bytea, .float8])
    }

    @Test func identifiersAreQuotedOnlyThroughTheExplicitForm() {
        let table = "weird\"name"
        let query: Query = "SELECT * FROM \(identifier: table) WHERE a = \(1)"
        #expect(query.sql == #"SELECT * FROM "weird""name" WHERE a = $1"#)
        #expect(query.binds.count == 1)
    }

    @Test func nestedQueriesAreRenumberedButLiteralsAreLeftAlone() {
        let filter: Query = "status = \("active") AND note <> '$1' AND role = \("admin")"
        let query: Query = "SELECT id FROM users WHERE id > \(10) AND \(filter)"
        #expect(query.sql == "SELECT id FROM users WHERE id > $1 AND status = $2 AND note <> '$1' AND role = $3")
        #expect(query.binds.map(\.text) == ["10", "active", "admin"])
        var appended: Query = "SELECT \(1)"
        appended.append(" UNION SELECT \(2)")
        #expect(appended.sql == "SELECT $1 UNION SELECT $2")
    }

    @Test func jsonValuesBindAsJSONB() {
        struct Settings: Codable, Sendable { var theme: String }
        let query: Query = "SELECT \(PostgresJSON(Settings(theme: "dark")))"
        #expect(query.binds == [Query.Bind(text: #"{"theme":"dark"}"#, type: .jsonb)])
    }

    @Test func descriptionNeverShowsBindValues() {
        let secret = "hunter2"
        let query: Query = "SELECT \(secret)"
        #expect(!query.description.contains(secret))
        #expect(!String(describing: query).contains(secret))
    }

    @Test func connectionStringsAreValidatedWithoutConnecting() {
        #expect(PostgresConfiguration.validate("postgres://u:p@127.0.0.1:5432/db?sslmode=disable") == nil)
        #expect(PostgresConfiguration.validate("host=/tmp dbname=x application_name=y") == nil)
        #expect(PostgresConfiguration.validate("postgres://h/db?nonsense_option=1") != nil)
        #expect(PostgresConfiguration.validate("host=") == nil)
        #expect(PostgresConfiguration.validate("dbname = 'unterminated") != nil)
    }
}
