import Foundation
import Testing

@testable import Identity

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized) struct SignUpTests {
    func signUpBody(_ email: String, code: String, type: String = "student") -> [String: Any] {
        [
            "firstName": "Ada", "lastName": "Lovelace", "email": email, "password": IdentityHarness.password,
            "confirmPassword": IdentityHarness.password, "otp": code, "accountType": type,
        ]
    }

    @Test func signUpWithACodeCreatesUserProfileAndAvatar() async throws {
        try await IdentityHarness.with { h in
            #expect(await h.send(.post, "/v1/auth/otp", json: ["email": "ada@example.com"]).status == 202)
            let code = try #require(try await h.latestCode(for: "ada@example.com"))
            let reply = await h.send(
                .post, "/v1/auth/signup", json: signUpBody("Ada@Example.com", code: code, type: "Instructor"))
            #expect(reply.status == 201)
            #expect(reply["role"] as? String == "instructor")
            #expect(reply["isInstructorApproved"] as? Bool == false)
            let id = try #require(reply["id"] as? String)
            #expect(reply["image"] as? String == "/v1/users/\(id)/avatar.svg")
            let avatar = await h.send(.get, "/v1/users/\(id)/avatar.svg")
            #expect(avatar.status == 200 && avatar.text.contains(">AL</text>"))
            let applications = try await h.pool.query("SELECT status FROM instructor_applications").decode(String.self)
            #expect(applications == ["pending"])
        }
    }

    @Test func aCodeWorksOnceAndANewRequestReplacesTheOld() async throws {
        try await IdentityHarness.with { h in
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "a@example.com"])
            let first = try #require(try await h.latestCode(for: "a@example.com"))
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "a@example.com"])
            let second = try #require(try await h.latestCode(for: "a@example.com"))
            if first != second {
                #expect(
                    await h.send(.post, "/v1/auth/signup", json: signUpBody("a@example.com", code: first)).code
                        == "invalidCode")
            }
            #expect(
                await h.send(.post, "/v1/auth/signup", json: signUpBody("a@example.com", code: second)).status == 201)
            let reuse = await h.send(.post, "/v1/auth/signup", json: signUpBody("a@example.com", code: second))
            #expect(reuse.status == 400 && reuse.code == "invalidCode")
        }
    }

    @Test func anExpiredCodeIsRefused() async throws {
        try await IdentityHarness.with { h in
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "late@example.com"])
            let code = try #require(try await h.latestCode(for: "late@example.com"))
            try await h.pool.execute("UPDATE otp_codes SET expires_at = now() - interval '1 second'")
            #expect(
                await h.send(.post, "/v1/auth/signup", json: signUpBody("late@example.com", code: code)).code
                    == "invalidCode")
        }
    }

    @Test func fiveWrongTriesKillTheCode() async throws {
        try await IdentityHarness.with { h in
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "b@example.com"])
            let code = try #require(try await h.latestCode(for: "b@example.com"))
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                #expect(
                    await h.send(.post, "/v1/auth/signup", json: signUpBody("b@example.com", code: wrong)).code
                        == "invalidCode")
            }
            #expect(
                await h.send(.post, "/v1/auth/signup", json: signUpBody("b@example.com", code: code)).code
                    == "invalidCode")
        }
    }

    @Test func signUpAsAdminIsRefused() async throws {
        try await IdentityHarness.with { h in
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "c@example.com"])
            let code = try #require(try await h.latestCode(for: "c@example.com"))
            let reply = await h.send(
                .post, "/v1/auth/signup", json: signUpBody("c@example.com", code: code, type: "ADMIN"))
            #expect(reply.status == 400)
            #expect((reply["errors"] as? [[String: String]])?.contains { $0["field"] == "accountType" } == true)
            let users = try await h.pool.query("SELECT count(*) FROM users").decode(Int.self)
            #expect(users == [0])
        }
    }

    @Test func codeRequestAnswersTheSameForKnownAndUnknownAddresses() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("known@example.com")
            let known = await h.send(.post, "/v1/auth/otp", json: ["email": "KNOWN@example.com"])
            let unknown = await h.send(.post, "/v1/auth/otp", json: ["email": "nobody@example.com"])
            #expect(known.status == 202 && unknown.status == 202)
            #expect(known.text == unknown.text)
        }
    }

    @Test func codeRequestsAreThrottledPerAddress() async throws {
        try await IdentityHarness.with(settings: { $0.codesPerEmail = 2 }) { h in
            #expect(await h.send(.post, "/v1/auth/otp", json: ["email": "t@example.com"]).status == 202)
            #expect(await h.send(.post, "/v1/auth/otp", json: ["email": "t@example.com"]).status == 202)
            let third = await h.send(.post, "/v1/auth/otp", json: ["email": "t@example.com"])
            #expect(third.status == 429)
            #expect(third.headers["retry-after"] != nil)
        }
    }

    @Test func badInputIs400WithFieldsAndChangesNothing() async throws {
        try await IdentityHarness.with { h in
            let unknownField = await h.send(.post, "/v1/auth/otp", json: ["email": "d@example.com", "admin": true])
            #expect(unknownField.status == 400)
            #expect((unknownField["errors"] as? [[String: String]])?.first?["field"] == "admin")
            let bad = await h.send(
                .post, "/v1/auth/signup",
                json: [
                    "firstName": "", "lastName": "X", "email": "not-an-email", "password": "short",
                    "confirmPassword": "other", "otp": "12", "accountType": "student",
                ])
            let fields = Set((bad["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(bad.status == 400)
            #expect(fields == ["firstName", "email", "password", "confirmPassword", "otp"])
            let codes = try await h.pool.query("SELECT count(*) FROM otp_codes").decode(Int.self)
            #expect(codes == [0])
        }
    }

    @Test func emailIsUniqueWhateverItsCase() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("Dup@Example.com")
            await #expect(throws: IdentityError.self) {
                try await h.pool.withTransaction { connection in
                    try await h.service.users.create(
                        UserStore.NewAccount(
                            email: "dup@example.COM", passwordHash: "x", firstName: "A", lastName: "B", role: .student,
                            isEmailVerified: false), on: connection)
                }
            }
        }
    }
}
