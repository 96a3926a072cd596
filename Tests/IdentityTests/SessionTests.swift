import Crypto
import Foundation
import Testing

@testable import Identity

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized) struct SessionTests {
    @Test func loginIssuesAVerifiableAccessTokenAndMeWorks() async throws {
        try await IdentityHarness.with { h in
            let id = try await h.signUp("me@example.com")
            let session = await h.logIn("ME@example.com")
            #expect(session.reply.status == 200)
            #expect(session.reply["expiresIn"] as? Int == 900)
            #expect(session.refresh.count >= 43)
            let me = await h.send(.get, "/v1/me", token: session.access)
            #expect(me.status == 200)
            #expect((me["account"] as? [String: Any])?["id"] as? String == id)
            #expect((me["account"] as? [String: Any])?["lastLoginAt"] is String)
            let jwks = await h.send(.get, "/.well-known/jwks.json")
            let keys = try JSONWebKeySet(parsing: Data(jwks.text.utf8))
            let verifier = JWTVerifier(keys: JWTKeySet(keys), issuer: "campus-identity", audience: "campus")
            let claims = try await verifier.verify(session.access)
            #expect(claims.subject == id && claims.role == "student")
        }
    }

    @Test func unknownEmailAndWrongPasswordGetTheSameAnswer() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("real@example.com")
            let wrong = await h.logIn("real@example.com", password: "not the password at all")
            let unknown = await h.logIn("ghost@example.com", password: "not the password at all")
            #expect(wrong.reply.status == 401 && unknown.reply.status == 401)
            #expect(wrong.reply.code == unknown.reply.code)
            #expect(wrong.reply["detail"] as? String == unknown.reply["detail"] as? String)
        }
    }

    @Test func loginLocksAccountAfterTooManyFailuresUntilTheLockExpires() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("lock@example.com")
            for _ in 0..<5 {
                #expect(await h.logIn("lock@example.com", password: "wrong password 123").reply.status == 401)
            }
            let locked = await h.logIn("lock@example.com")
            #expect(locked.reply.status == 429 && locked.reply.code == "accountLocked")
            #expect(Int(locked.reply.headers["retry-after"] ?? "") ?? 0 > 0)
            try await h.pool.execute("UPDATE users SET locked_until = now() - interval '1 second'")
            #expect(await h.logIn("lock@example.com").reply.status == 200)
        }
    }

    @Test func refreshRotatesAndReuseRevokesTheFamily() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("r@example.com")
            let session = await h.logIn("r@example.com")
            let rotated = await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": session.refresh])
            #expect(rotated.status == 200)
            let next = try #require(rotated["refreshToken"] as? String)
            #expect(next != session.refresh)
            let reuse = await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": session.refresh])
            #expect(reuse.status == 401 && reuse.code == "refreshTokenReused")
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": next]).status == 401)
        }
    }

    @Test func logoutEndsTheFamilyAndLogoutAllEndsEverything() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("o@example.com")
            let one = await h.logIn("o@example.com")
            let two = await h.logIn("o@example.com")
            #expect(await h.send(.post, "/v1/auth/logout", json: ["refreshToken": one.refresh]).status == 204)
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": one.refresh]).status == 401)
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": two.refresh]).status == 200)
            let three = await h.logIn("o@example.com")
            #expect(await h.send(.post, "/v1/auth/logout-all", token: three.access).status == 204)
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": three.refresh]).status == 401)
        }
    }

    @Test func suspendedUsersCannotLogInOrRefresh() async throws {
        try await IdentityHarness.with { h in
            let id = try await h.signUp("s@example.com")
            let session = await h.logIn("s@example.com")
            let admin = try await h.adminToken()
            let suspend = await h.send(
                .patch, "/v1/admin/users/\(id)/status", json: ["status": "suspended", "reason": "spam"], token: admin)
            #expect(suspend.status == 200)
            #expect(await h.logIn("s@example.com").reply.code == "accountDisabled")
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": session.refresh]).status == 401)
            #expect(await h.send(.get, "/v1/me", token: session.access).status == 401)
            let audit = await h.send(.get, "/v1/admin/users/audit", token: admin)
            #expect((audit["items"] as? [[String: Any]])?.first?["action"] as? String == "user.status")
        }
    }

    @Test func resetTokenWorksOnceAndEndsSessions() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("p@example.com")
            let session = await h.logIn("p@example.com")
            #expect(await h.send(.post, "/v1/auth/password/forgot", json: ["email": "p@example.com"]).status == 202)
            #expect(await h.send(.post, "/v1/auth/password/forgot", json: ["email": "none@example.com"]).status == 202)
            let body = try await h.pool.query(
                "SELECT body FROM mail_outbox WHERE subject = 'Reset your Campus password'"
            ).decode(String.self)
            let token = try #require(body.first?.components(separatedBy: "token=").last?.prefix { !$0.isWhitespace })
            let reset: [String: Any] = [
                "token": String(token), "password": "a brand new passphrase",
                "confirmPassword": "a brand new passphrase",
            ]
            #expect(await h.send(.post, "/v1/auth/password/reset", json: reset).status == 204)
            #expect(await h.send(.post, "/v1/auth/password/reset", json: reset).code == "invalidResetToken")
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": session.refresh]).status == 401)
            #expect(await h.logIn("p@example.com", password: "a brand new passphrase").reply.status == 200)
        }
    }

    @Test func passwordChangeNeedsTheCurrentPasswordAndEndsOtherSessions() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("c@example.com")
            let here = await h.logIn("c@example.com")
            let elsewhere = await h.logIn("c@example.com")
            let wrong: [String: Any] = [
                "currentPassword": "not my password at all", "newPassword": "another long passphrase",
                "confirmPassword": "another long passphrase",
            ]
            let refused = await h.send(.post, "/v1/auth/password/change", json: wrong, token: here.access)
            #expect((400..<500).contains(refused.status))
            #expect(await h.logIn("c@example.com").reply.status == 200)

            var right = wrong
            right["currentPassword"] = IdentityHarness.password
            let changed = await h.send(.post, "/v1/auth/password/change", json: right, token: here.access)
            #expect(changed.status == 200)
            let renewed = try #require(changed["refreshToken"] as? String)
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": elsewhere.refresh]).status == 401)
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": renewed]).status == 200)
            #expect(await h.logIn("c@example.com").reply.status == 401)
            #expect(await h.logIn("c@example.com", password: "another long passphrase").reply.status == 200)
        }
    }

    @Test func noSecretIsStoredInTheClear() async throws {
        try await IdentityHarness.with { h in
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "z@example.com"])
            let code = try #require(try await h.latestCode(for: "z@example.com"))
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "z2@example.com"])
            let pending = try #require(try await h.latestCode(for: "z2@example.com"))
            _ = await h.send(
                .post, "/v1/auth/signup",
                json: [
                    "firstName": "Z", "lastName": "Z", "email": "z@example.com", "password": IdentityHarness.password,
                    "confirmPassword": IdentityHarness.password, "otp": code, "accountType": "student",
                ])
            let session = await h.logIn("z@example.com")
            _ = await h.send(.post, "/v1/auth/password/forgot", json: ["email": "z@example.com"])
            let transport = FileMailTransport(
                directory: h.service.settings.mailDirectory, logger: h.service.logger)
            try await MailDispatcher(
                store: h.service.mail, transport: transport, from: "a@b.c", logger: h.service.logger
            ).runOnce()
            let dump = try await h.pool.query(
                """
                SELECT concat_ws('|', (SELECT string_agg(concat_ws(',', email, password_hash, first_name), '|') FROM users),
                    (SELECT string_agg(concat_ws(',', subject, body), '|') FROM mail_outbox),
                    (SELECT string_agg(encode(token_hash, 'escape'), '|') FROM refresh_tokens),
                    (SELECT string_agg(encode(token_hash, 'escape'), '|') FROM password_reset_tokens),
                    (SELECT string_agg(encode(code_hash, 'escape'), '|') FROM otp_codes))
                """
            ).decode(String.self)[0]
            #expect(!dump.contains(IdentityHarness.password))
            #expect(!dump.contains(session.refresh))
            #expect(!dump.contains(pending) && !dump.contains(code))
            #expect(!dump.contains("token="))
        }
    }
}
