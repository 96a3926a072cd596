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

    @Test func theHashingQueueHasDefaultsAndCanBeSet() throws {
        let (defaults, none) = try settings([:])
        #expect(none.isEmpty)
        #expect(defaults.scryptMaxQueue == .seconds(2) && defaults.scryptCost == nil)
        #expect(defaults.scryptThreads == ProcessInfo.processInfo.activeProcessorCount)
        let (set, problems) = try settings([
            "IDENTITY_SCRYPT_THREADS": "3", "IDENTITY_SCRYPT_MAX_QUEUE": "1500ms", "IDENTITY_SCRYPT_COST": "450ms",
        ])
        #expect(problems.isEmpty)
        #expect(set.scryptThreads == 3 && set.scryptMaxQueue == .milliseconds(1500))
        #expect(set.scryptCost == .milliseconds(450))
    }

    @Test func startUpNamesEveryInvalidHashingSetting() throws {
        let (_, problems) = try settings([
            "IDENTITY_SCRYPT_THREADS": "0", "IDENTITY_SCRYPT_MAX_QUEUE": "-1", "IDENTITY_SCRYPT_COST": "fast",
        ])
        #expect(Set(problems) == ["IDENTITY_SCRYPT_THREADS", "IDENTITY_SCRYPT_MAX_QUEUE", "IDENTITY_SCRYPT_COST"])
    }
}
