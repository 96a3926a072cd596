import Crypto
import Foundation
import HTTP
import Testing

@testable import Identity

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ThrottlingTests {
    /// One login's reply and how long it took.
    struct Timed: Sendable {
        var status: Int
        var code: String?
        var headers: HTTPHeaders
        var seconds: Double

        init(_ reply: IdentityHarness.Reply, seconds: Double) {
            (status, code, headers, self.seconds) = (reply.status, reply.code, reply.headers, seconds)
        }
    }

    /// Sends `count` logins at once, the `index`th as `login(index)` says (e-mail, password, client address).
    static func logInsAtOnce(
        _ h: IdentityHarness, count: Int, _ login: @escaping @Sendable (Int) -> (String, String, String?)
    ) async -> [Timed] {
        await withTaskGroup(of: Timed.self) { group in
            for index in 0..<count {
                group.addTask {
                    let (email, password, client) = login(index)
                    let start = ContinuousClock.now
                    let reply = await h.logIn(email, password: password, from: client).reply
                    return Timed(reply, seconds: seconds(ContinuousClock.now - start))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// The windows of the tests that count: a slow run (a loaded machine) must not cross into a new one,
    /// which the fixed windows start on the clock's multiples of their length.
    static let day = Duration.seconds(86_400)

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func expectRateLimited(_ reply: Timed, limit: Int) {
        #expect(reply.status == 429 && reply.code == "tooManyRequests")
        #expect(reply.headers["content-type"] == "application/problem+json")
        #expect(Int(reply.headers["retry-after"] ?? "") ?? 0 > 0)
        #expect(reply.headers["ratelimit-limit"] == String(limit) && reply.headers["ratelimit-remaining"] == "0")
        #expect(Int(reply.headers["ratelimit-reset"] ?? "") ?? 0 > 0)
    }

    @Test func loginsPerClientAddressAreLimitedExactlyUnderConcurrency() async throws {
        try await IdentityHarness.with(settings: {
            $0.loginsPerClient = 3; $0.loginsPerClientWindow = Self.day
        }) { h in
            let replies = await Self.logInsAtOnce(h, count: 20) {
                ("guess\($0)@example.com", "wrong password", "203.0.113.7")
            }
            #expect(replies.filter { $0.status == 401 }.count == 3)
            #expect(replies.filter { $0.status == 429 }.count == 17)
            for refused in replies where refused.status == 429 { Self.expectRateLimited(refused, limit: 3) }
            #expect(await h.logIn("guess@example.com", password: "wrong", from: "203.0.113.7").reply.status == 429)
            #expect(await h.logIn("guess@example.com", password: "wrong", from: "203.0.113.8").reply.status == 401)
            #expect(await h.logIn("guess@example.com", password: "wrong").reply.status == 401)
        }
    }

    @Test func loginsPerAccountAreLimitedExactlyWhateverTheAddress() async throws {
        try await IdentityHarness.with(settings: {
            $0.loginsPerAccount = 3; $0.loginsPerAccountWindow = Self.day
        }) { h in
            try await h.signUp("target@example.com")
            for email in ["target@example.com", "nobody@example.com"] {
                let replies = await Self.logInsAtOnce(h, count: 20) { (email, "wrong password", "198.51.100.\($0)") }
                #expect(replies.filter { $0.status == 401 }.count == 3, "\(email)")
                #expect(replies.filter { $0.status == 429 }.count == 17, "\(email)")
                for refused in replies where refused.status == 429 { Self.expectRateLimited(refused, limit: 3) }
                Self.expectRateLimited(Timed(await h.logIn(email, from: "192.0.2.1").reply, seconds: 0), limit: 3)
            }
        }
    }

    @Test func aFloodOfLoginsFromOneAddressLeavesRoomForAnother() async throws {
        let settings: (inout IdentitySettings) -> Void = {
            $0.scrypt = try! ScryptParameters(logN: 14, r: 8, p: 1)
            $0.loginsPerClient = 5
            $0.loginsPerClientWindow = Self.day
        }
        try await IdentityHarness.with(settings: settings) { h in
            try await h.signUp("calm@example.com")
            let flood = Task {
                await Self.logInsAtOnce(h, count: 150) { ("flood\($0)@example.com", "guess", "203.0.113.66") }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while h.service.hasher.runningHashes == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            let start = ContinuousClock.now
            let calm = await h.logIn("calm@example.com", from: "192.0.2.10")
            let elapsed = Self.seconds(ContinuousClock.now - start)
            #expect(calm.reply.status == 200)
            #expect(elapsed < 2, "the other address waited \(elapsed) s")
            let flooded = await flood.value
            #expect(flooded.filter { $0.status == 401 }.count == 5)
            #expect(flooded.filter { $0.status == 429 }.count == 145)
        }
    }

    @Test func moreConcurrentLoginsThanTheHashingQueueHoldsAreRefusedAtOnce() async throws {
        let settings: (inout IdentitySettings) -> Void = {
            $0.scrypt = try! ScryptParameters(logN: 14, r: 8, p: 1)
            $0.scryptMaxQueue = .milliseconds(200)
            $0.scryptCost = .milliseconds(50)
        }
        try await IdentityHarness.with(settings: settings) { h in
            let replies = await Self.logInsAtOnce(h, count: 40) { ("busy\($0)@example.com", "guess", nil) }
            let refused = replies.filter { $0.status == 503 }
            #expect(replies.count == 40)
            #expect(
                replies.allSatisfy { $0.status == 401 || $0.status == 503 }, "\(replies.map { ($0.status, $0.code) })")
            #expect(refused.count >= 20, "\(replies.map(\.status))")
            #expect(replies.filter { $0.status == 401 }.count >= 2)
            for busy in refused {
                #expect(busy.code == "passwordHashingBusy")
                #expect(busy.headers["content-type"] == "application/problem+json")
                #expect(Int(busy.headers["retry-after"] ?? "") ?? 0 >= 1)
            }
            // A refusal does not wait for the queue: every one is answered before the last queued hash is. (Compared
            // with the hashed answers rather than with a fixed time, which a loaded machine makes meaningless.)
            let slowestRefusal = refused.map(\.seconds).max() ?? 0
            let slowestHashed = replies.filter { $0.status == 401 }.map(\.seconds).max() ?? 0
            #expect(
                slowestRefusal < slowestHashed, "refusals took up to \(slowestRefusal) s, hashes \(slowestHashed) s")
        }
    }

    /// Takes every free place in the hashing queue; the places come back when the result is dropped.
    static func fillHashingQueue(_ h: IdentityHarness) -> [HashingReservation] {
        var places: [HashingReservation] = []
        while let place = try? h.service.hasher.reserve() { places.append(place) }
        return places
    }

    static func expectBusy(_ reply: IdentityHarness.Reply, _ path: String) {
        #expect(reply.status == 503 && reply.code == "passwordHashingBusy", "\(path)")
        #expect(reply.headers["content-type"] == "application/problem+json", "\(path)")
        #expect(Int(reply.headers["retry-after"] ?? "") ?? 0 >= 1, "\(path)")
    }

    @Test func everyPathThatHashesAnswers503WhileTheHashingQueueIsFullAndLosesNothing() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("full@example.com")
            let session = await h.logIn("full@example.com")
            _ = await h.send(.post, "/v1/auth/password/forgot", json: ["email": "full@example.com"])
            let mail = try await h.pool.query(
                "SELECT body FROM mail_outbox WHERE subject = 'Reset your Campus password'"
            ).decode(String.self)
            let token = try #require(mail.first?.components(separatedBy: "token=").last?.prefix { !$0.isWhitespace })
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "new@example.com"])
            let code = try #require(try await h.latestCode(for: "new@example.com"))
            let newPassword = "a brand new passphrase"
            let signUp: [String: Any] = [
                "firstName": "Ada", "lastName": "Lovelace", "email": "new@example.com", "password": newPassword,
                "confirmPassword": newPassword, "otp": code, "accountType": "student",
            ]
            let reset: [String: Any] = [
                "token": String(token), "password": newPassword, "confirmPassword": newPassword,
            ]
            let change: [String: Any] = [
                "currentPassword": IdentityHarness.password, "newPassword": newPassword, "confirmPassword": newPassword,
            ]
            var places = Self.fillHashingQueue(h)
            #expect(!places.isEmpty)
            Self.expectBusy(await h.logIn("full@example.com").reply, "login")
            Self.expectBusy(await h.logIn("unknown@example.com").reply, "login, unknown account")
            Self.expectBusy(await h.send(.post, "/v1/auth/signup", json: signUp), "signup")
            Self.expectBusy(await h.send(.post, "/v1/auth/password/reset", json: reset), "reset")
            Self.expectBusy(
                await h.send(.post, "/v1/auth/password/change", json: change, token: session.access), "change")
            Self.expectBusy(
                await h.send(.delete, "/v1/me", json: ["password": IdentityHarness.password], token: session.access),
                "delete")
            for _ in 0..<10 {
                Self.expectBusy(await h.logIn("full@example.com", password: "wrong password").reply, "wrong login")
            }
            places.removeAll()
            // Nothing refused was spent: the code, the reset token and the failure count are as they were.
            #expect(await h.logIn("full@example.com").reply.status == 200)
            #expect(await h.send(.post, "/v1/auth/signup", json: signUp).status == 201)
            #expect(await h.send(.post, "/v1/auth/password/reset", json: reset).status == 204)
        }
    }

    @Test func aMadeUpResetTokenIsRefusedWithoutHashing() async throws {
        try await IdentityHarness.with { h in
            var places = Self.fillHashingQueue(h)
            let reset: [String: Any] = [
                "token": "made-up-token-made-up-token-made-up-token-0", "password": "a brand new passphrase",
                "confirmPassword": "a brand new passphrase",
            ]
            #expect(await h.send(.post, "/v1/auth/password/reset", json: reset).code == "invalidResetToken")
            places.removeAll()
        }
    }
}
