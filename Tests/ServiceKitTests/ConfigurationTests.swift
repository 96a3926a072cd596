import HTTP
import Testing

@testable import ServiceKit

@Suite struct ConfigurationTests {
    @Test func readsTypedValuesAndDefaults() throws {
        var reader = ConfigurationReader(environment: [
            "IDENTITY_PORT": "9001", "IDENTITY_LOG_LEVEL": "debug", "X_TTL": "15m", "X_FLAG": "yes",
        ])
        let configuration = ServiceConfiguration(service: "identity", defaultPort: 8081, reader: &reader)
        let ttl = reader.duration("X_TTL", default: .seconds(1))
        let flag = reader.bool("X_FLAG", default: false)
        #expect(ttl == .seconds(900))
        #expect(flag)
        try reader.finish()
        #expect(configuration.port == 9001)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.databaseURL.hasPrefix("postgres://identity:"))
    }

    @Test func startUpNamesEveryInvalidVariable() {
        var reader = ConfigurationReader(environment: [
            "IDENTITY_PORT": "http", "IDENTITY_LOG_LEVEL": "loud", "IDENTITY_DATABASE_POOL_SIZE": "0",
        ])
        _ = ServiceConfiguration(service: "identity", defaultPort: 8081, reader: &reader)
        _ = reader.string("IDENTITY_REQUIRED")
        #expect(throws: ConfigurationError.self) { try reader.finish() }
        let names = reader.problems.map { String($0.prefix { $0 != ":" }) }
        #expect(
            names == [
                "IDENTITY_PORT", "IDENTITY_DATABASE_POOL_SIZE", "IDENTITY_LOG_LEVEL", "IDENTITY_REQUIRED",
            ])
    }
}
