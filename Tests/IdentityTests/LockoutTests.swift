import Crypto
import Foundation
import Testing

@testable import Identity

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized) struct LockoutTests {
    /// A cost at which a hash takes long enough (tens of milliseconds) for guesses to overlap.
    static func slow(_ settings: inout IdentitySettings) {
        settings.scrypt = try! ScryptParameters(logN: 13, r: 8, p: 1)
        // The hashing queue's bound is not under test here: on a loaded machine it would answer some guesses 503.
        settings.scryptMaxQueue = .seconds(120)
    }

    /// Sends `count` wrong guesses for `email` at once; returns their statuses once all are answered.
    static func guessConcurrently(_ h: IdentityHarness, _ email: String, count: Int) -> Task<[Int], Never> {
        Task {
            await withTaskGroup(of: Int.self) { group in
                for index in 0..<count {
                    group.addTask { await h.logIn(email, password: "wrong guess number \(index)").reply.status }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
    }

    /// Waits until `count` derivations are running or queued (the guesses are past the lock check).
    static func waitForHashes(_ h: IdentityHarness, atLeast count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while h.service.hasher.runningHashes + h.service.hasher.waitingHashes < count,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test func concurrentWrongGuessesLockTheAccountAgainstTheRightPasswordSentWhileTheyRun() async throws {
        try await IdentityHarness.with(settings: Self.slow) { h in
            let threshold = h.service.settings.lockoutThreshold
            for round in 0..<20 {
                let email = "race\(round)@example.com"
                try await h.signUp(email)
                let guesses = Self.guessConcurrently(h, email, count: 20)
                try await Self.waitForHashes(h, atLeast: threshold)
                let right = await h.logIn(email)
                let statuses = await guesses.value
                #expect(right.reply.status == 429 && right.reply.code == "accountLocked", "round \(round)")
                #expect(Int(right.reply.headers["retry-after"] ?? "") ?? 0 > 0, "round \(round)")
                #expect(statuses.filter { $0 == 401 }.count == threshold, "round \(round): \(statuses)")
                #expect(statuses.filter { $0 == 429 }.count == 20 - threshold, "round \(round): \(statuses)")
                #expect(await h.logIn(email).reply.status == 429, "round \(round)")
            }
        }
    }

    @Test func concurrentGuessesForAnUnknownAddressGetTheAnswersOfAKnownOne() async throws {
        try await IdentityHarness.with(settings: Self.slow) { h in
            let threshold = h.service.settings.lockoutThreshold
            try await h.signUp("known@example.com")
            let known = await Self.guessConcurrently(h, "known@example.com", count: 20).value
            let unknown = await Self.guessConcurrently(h, "nobody@example.com", count: 20).value
            #expect(known.filter { $0 == 401 }.count == threshold && known.filter { $0 == 429 }.count == 20 - threshold)
            #expect(unknown.sorted() == known.sorted())
            let next = await h.logIn("nobody@example.com")
            #expect(next.reply.status == 429 && next.reply.code == "accountLocked")
            #expect(Int(next.reply.headers["retry-after"] ?? "") ?? 0 > 0)
        }
    }

    @Test func theRightPasswordRacingFewerWrongGuessesThanTheThresholdLogsIn() async throws {
        try await IdentityHarness.with(settings: Self.slow) { h in
            let threshold = h.service.settings.lockoutThreshold
            for round in 0..<20 {
                let email = "near\(round)@example.com"
                try await h.signUp(email)
                async let guesses = Self.guessConcurrently(h, email, count: threshold - 1).value
                async let right = h.logIn(email)
                let (statuses, session) = await (guesses, right)
                #expect(session.reply.status == 200, "round \(round)")
                #expect(statuses == Array(repeating: 401, count: threshold - 1), "round \(round)")
                #expect(await h.logIn(email).reply.status == 200, "round \(round)")
            }
        }
    }

    @Test func aSuccessBeforeTheThresholdStartsANewRowOfAttempts() async throws {
        try await IdentityHarness.with { h in
            let threshold = h.service.settings.lockoutThreshold
            try await h.signUp("row@example.com")
            for _ in 0..<2 {
                for _ in 0..<(threshold - 1) {
                    #expect(await h.logIn("row@example.com", password: "wrong password 123").reply.status == 401)
                }
                #expect(await h.logIn("row@example.com").reply.status == 200)
            }
            let row = try await h.pool.query("SELECT failed_logins, locked_until FROM users")
            let (count, lockedUntil) = try row[0].decode((Int, Date?).self)
            #expect(count == 0 && lockedUntil == nil)
        }
    }

    @Test func aLoginWhosePasswordChangedWhileItWasCheckedIsNotRecorded() async throws {
        try await IdentityHarness.with { h in
            let id = try #require(UUID(uuidString: try await h.signUp("moved@example.com")))
            let users = h.service.users
            let before = try #require(try await users.find(id: id))
            #expect(try await users.claimLoginAttempt(id: id, threshold: 5, lockSeconds: 900) == .granted)
            let newHash = try await h.service.hasher.hash("another long password")
            try await h.pool.withConnection { try await users.setPassword(id: id, hash: newHash, on: $0) }
            let rehash = try await h.service.hasher.hash(IdentityHarness.password)
            #expect(
                try await users.recordLogin(id: id, verifiedHash: before.passwordHash, rehashed: rehash, threshold: 5)
                    == false)
            #expect(try await users.find(id: id)?.passwordHash == newHash)
        }
    }
}
