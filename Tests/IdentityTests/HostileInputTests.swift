import Foundation
import HTTP
import Testing

@testable import Identity

@Suite(.serialized) struct IdentityHostileInputTests {
    private static func fields(_ reply: IdentityHarness.Reply) -> [String] {
        (reply["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func profileTextWithNULIsRefusedAndTheStoredTextStays() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("nul@example.com")
            let token = await h.logIn("nul@example.com").access
            #expect(await h.send(.patch, "/v1/me/profile", json: ["about": "first"], token: token).status == 200)
            let reply = await h.send(.patch, "/v1/me/profile", json: ["about": "before\u{0}after"], token: token)
            #expect(reply.status == 400)
            #expect(Self.fields(reply) == ["about"])
            let name = await h.send(.patch, "/v1/me", json: ["firstName": "Ada\u{0}"], token: token)
            #expect(name.status == 400)
            #expect(Self.fields(name) == ["firstName"])
            let profile = await h.send(.get, "/v1/me", token: token)
            #expect((profile["profile"] as? [String: Any])?["about"] as? String == "first")
            // An address may span lines; a name may not.
            #expect(
                await h.send(.patch, "/v1/me/profile", json: ["address": "1 Main St\nSpringfield"], token: token)
                    .status == 200)
            #expect(await h.send(.patch, "/v1/me", json: ["lastName": "Love\nlace"], token: token).status == 400)
        }
    }

    @Test func unknownKeysAreRefusedWhateverTheirValue() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("keys@example.com")
            let token = await h.logIn("keys@example.com").access
            for (path, body) in [
                ("/v1/me/profile", ["bogus": NSNull()] as [String: Any]), ("/v1/me/preferences", ["": NSNull()]),
                ("/v1/me", ["firstName": "A", "role": NSNull()]), ("/v1/me/preferences", ["x": [Any]()]),
            ] {
                let reply = await h.send(.patch, path, json: body, token: token)
                #expect(reply.status == 400, "\(path) \(body)")
                #expect(Self.fields(reply).count == 1)
            }
            let login = await h.send(
                .post, "/v1/auth/login",
                json: ["email": "keys@example.com", "password": IdentityHarness.password, "mfa": NSNull()])
            #expect(login.status == 400)
        }
    }
}
