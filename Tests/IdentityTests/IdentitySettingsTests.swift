import Foundation
import ServiceKit
import Testing

@testable import Identity

@Suite struct IdentitySettingsTests {
    private func settings(_ environment: [String: String]) throws -> (IdentitySettings, [String]) {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("identity-settings-test.pem")
        try Data("not read here".utf8).write(to: key)
        var reader = ConfigurationReader(
            environment: environment.merging(["IDENTITY_SIGNING_KEY_FILE": key.path]) { a, _ in a })
        let settings = IdentitySettings(reader: &reader)
        return (settings, reader.problems.map { String($0.prefix { $0 != ":" }) })
    }

    @Test func loginLimitsAndTheHashingQueueHaveDefaultsAndCanBeSet() throws {
        let (defaults, none) = try settings([:])
        #expect(none.isEmpty)
        #expect(defaults.loginsPerClient == 5 && defaults.loginsPerClientWindow == .seconds(30))
        #expect(defaults.loginsPerAccount == 10 && defaults.loginsPerAccountWindow == .seconds(300))
        #expect(defaults.scryptMaxQueue == .seconds(2) && defaults.scryptCost == nil)
        #expect(defaults.scryptThreads == ProcessInfo.processInfo.activeProcessorCount)
        let (set, problems) = try settings([
            "IDENTITY_LOGIN_PER_IP": "30", "IDENTITY_LOGIN_PER_IP_WINDOW": "5m", "IDENTITY_LOGIN_PER_ACCOUNT": "4",
            "IDENTITY_LOGIN_PER_ACCOUNT_WINDOW": "1h", "IDENTITY_SCRYPT_THREADS": "3",
            "IDENTITY_SCRYPT_MAX_QUEUE": "1500ms", "IDENTITY_SCRYPT_COST": "450ms",
        ])
        #expect(problems.isEmpty)
        #expect(set.loginsPerClient == 30 && set.loginsPerClientWindow == .seconds(300))
        #expect(set.loginsPerAccount == 4 && set.loginsPerAccountWindow == .seconds(3600))
        #expect(set.scryptThreads == 3 && set.scryptMaxQueue == .milliseconds(1500))
        #expect(set.scryptCost == .milliseconds(450))
    }

    @Test func startUpNamesEveryInvalidLoginOrHashingSetting() throws {
        let (_, problems) = try settings([
            "IDENTITY_LOGIN_PER_IP": "0", "IDENTITY_LOGIN_PER_IP_WINDOW": "500ms", "IDENTITY_LOGIN_PER_ACCOUNT": "many",
            "IDENTITY_LOGIN_PER_ACCOUNT_WINDOW": "soon", "IDENTITY_SCRYPT_THREADS": "0",
            "IDENTITY_SCRYPT_MAX_QUEUE": "-1", "IDENTITY_SCRYPT_COST": "fast",
        ])
        #expect(
            Set(problems) == [
                "IDENTITY_LOGIN_PER_IP", "IDENTITY_LOGIN_PER_IP_WINDOW", "IDENTITY_LOGIN_PER_ACCOUNT",
                "IDENTITY_LOGIN_PER_ACCOUNT_WINDOW", "IDENTITY_SCRYPT_THREADS", "IDENTITY_SCRYPT_MAX_QUEUE",
                "IDENTITY_SCRYPT_COST",
            ])
    }

    @Test func configCheckReadsTheEnvironmentAsServeDoesAndTouchesNothing() async throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("identity-config-check.pem")
        try Data("not read here".utf8).write(to: key)
        // Valid: the database is never opened, so an unreachable one does not matter.
        let valid = [
            "IDENTITY_SIGNING_KEY_FILE": key.path, "IDENTITY_DATABASE_URL": "postgres://identity:x@127.0.0.1:1/campus",
        ]
        #expect(await IdentityService.main(arguments: ["config", "check"], environment: valid) == 0)
        // Every bad variable is named, and the status is the configuration error's.
        var invalid = valid
        invalid["IDENTITY_PORT"] = "eighty"
        invalid["IDENTITY_TOKEN_PEPPER"] = "short"
        var reader = ConfigurationReader(environment: invalid)
        _ = ServiceConfiguration(service: "identity", defaultPort: 8081, reader: &reader)
        _ = IdentitySettings(reader: &reader)
        let named = Set(reader.problems.map { String($0.prefix { $0 != ":" }) })
        #expect(named == ["IDENTITY_PORT", "IDENTITY_TOKEN_PEPPER"])
        #expect(await IdentityService.main(arguments: ["config", "check"], environment: invalid) == 78)
        #expect(await IdentityService.main(arguments: ["config", "now"], environment: valid) == 2)
    }
}
