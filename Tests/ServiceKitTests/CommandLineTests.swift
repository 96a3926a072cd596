import Testing

@testable import ServiceKit

@Suite struct CommandLineTests {
    @Test func parsesEveryCommand() throws {
        #expect(try ServiceCommand.parse([]) == .serve)
        #expect(try ServiceCommand.parse(["serve"]) == .serve)
        #expect(try ServiceCommand.parse(["migrate", "up"]) == .migrateUp)
        #expect(try ServiceCommand.parse(["migrate", "down"]) == .migrateDown(1))
        #expect(try ServiceCommand.parse(["migrate", "down", "3"]) == .migrateDown(3))
        #expect(try ServiceCommand.parse(["migrate", "status"]) == .migrateStatus)
        #expect(try ServiceCommand.parse(["seed"]) == .seed)
        #expect(try ServiceCommand.parse(["--help"]) == .help)
        #expect(try ServiceCommand.parse(["config", "check"]) == .configCheck)
        #expect(
            try ServiceCommand.parse(["create-admin", "--email", "a@b.c"], customCommands: ["create-admin"])
                == .custom(name: "create-admin", arguments: ["--email", "a@b.c"]))
    }

    @Test func refusesNonsense() {
        #expect(throws: CommandLineError.self) { try ServiceCommand.parse(["migrate"]) }
        #expect(throws: CommandLineError.self) { try ServiceCommand.parse(["migrate", "down", "-1"]) }
        #expect(throws: CommandLineError.self) { try ServiceCommand.parse(["launch"]) }
        #expect(throws: CommandLineError.self) { try ServiceCommand.parse(["serve", "now"]) }
        #expect(throws: CommandLineError.self) { try ServiceCommand.parse(["config"]) }
        #expect(throws: CommandLineError.self) { try ServiceCommand.parse(["config", "check", "all"]) }
    }
}
