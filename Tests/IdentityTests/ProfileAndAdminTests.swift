import Foundation
import HTTP
import Testing

@testable import Identity

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized) struct ProfileAndAdminTests {
    @Test func profileAndPreferencesUpdateAndValidate() async throws {
        try await IdentityHarness.with { h in
            let id = try await h.signUp("pr@example.com", type: "instructor")
            let token = await h.logIn("pr@example.com").access
            let patched = await h.send(.patch, "/v1/me", json: ["firstName": "Augusta"], token: token)
            #expect((patched["account"] as? [String: Any])?["firstName"] as? String == "Augusta")
            let profile = await h.send(
                .patch, "/v1/me/profile",
                json: [
                    "about": "I teach compilers.", "dateOfBirth": "1990-05-17", "website": "https://example.com",
                    "socialLinks": ["github": "https://github.com/example"],
                ], token: token)
            #expect(profile.status == 200)
            #expect((profile["profile"] as? [String: Any])?["dateOfBirth"] as? String == "1990-05-17")
            let tooLong = await h.send(
                .patch, "/v1/me/profile", json: ["about": String(repeating: "x", count: 501)], token: token)
            #expect(tooLong.status == 400)
            let prefs = await h.send(
                .patch, "/v1/me/preferences", json: ["timezone": "Europe/Paris", "notifyMarketing": true], token: token)
            #expect((prefs["preferences"] as? [String: Any])?["timezone"] as? String == "Europe/Paris")
            #expect(
                await h.send(.patch, "/v1/me/preferences", json: ["timezone": "Mars/Base"], token: token).status == 400)
            let public_ = await h.send(.get, "/v1/users/\(id)")
            #expect(public_["about"] as? String == "I teach compilers.")
            #expect(public_["email"] == nil)
        }
    }

    @Test func profilePatchClearsWithNullAndStillWithAnEmptyString() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("clear@example.com")
            let token = await h.logIn("clear@example.com").access
            func profile(_ json: [String: Any]) async -> [String: Any] {
                let reply = await h.send(.patch, "/v1/me/profile", json: json, token: token)
                #expect(reply.status == 200, "\(json)")
                return reply["profile"] as? [String: Any] ?? [:]
            }
            let set = await profile(["about": "Writes compilers.", "phone": "+44 20 7946 0000"])
            #expect(set["about"] as? String == "Writes compilers.")
            let kept = await profile(["website": "https://example.com"])
            #expect(kept["about"] as? String == "Writes compilers.")
            #expect(kept["phone"] as? String == "+44 20 7946 0000")
            let nulled = await profile(["about": NSNull()])
            #expect(nulled["about"] as? String == nil)
            #expect(nulled["phone"] as? String == "+44 20 7946 0000")
            #expect(nulled["website"] as? String == "https://example.com")
            _ = await profile(["about": "Writes compilers."])
            let emptied = await profile(["about": "", "dateOfBirth": ""])
            #expect(emptied["about"] as? String == nil)
            #expect(emptied["website"] as? String == "https://example.com")
            let dated = await profile(["dateOfBirth": "1990-05-17"])
            #expect(dated["dateOfBirth"] as? String == "1990-05-17")
            let undated = await profile(["dateOfBirth": NSNull(), "website": NSNull(), "phone": ""])
            #expect(undated["dateOfBirth"] as? String == nil)
            #expect(undated["website"] as? String == nil)
            #expect(undated["phone"] as? String == nil)
        }
    }

    @Test func deleteNeedsThePasswordAndRetentionErasesAfterGrace() async throws {
        try await IdentityHarness.with { h in
            let id = try await h.signUp("del@example.com")
            let session = await h.logIn("del@example.com")
            #expect(
                await h.send(.delete, "/v1/me", json: ["password": "wrong password!"], token: session.access).status
                    == 400)
            #expect(
                await h.send(.delete, "/v1/me", json: ["password": IdentityHarness.password], token: session.access)
                    .status == 204)
            #expect(await h.logIn("del@example.com").reply.status == 401)
            #expect(await h.send(.post, "/v1/auth/refresh", json: ["refreshToken": session.refresh]).status == 401)
            try await h.pool.execute("UPDATE users SET deleted_at = now() - interval '31 days'")
            let report = try await RetentionJob(
                pool: h.pool, gracePeriod: .seconds(30 * 86400), logger: h.service.logger
            ).runOnce()
            #expect(report.ran && report.counts["erased_users"] == 1)
            let emails = try await h.pool.query("SELECT email FROM users WHERE id = \(UUID(uuidString: id)!)").decode(
                String.self)
            #expect(emails.first?.hasPrefix("erased-") == true)
        }
    }

    @Test func adminsListApproveAndAreAudited() async throws {
        try await IdentityHarness.with { h in
            let instructor = try await h.signUp("teach@example.com", type: "instructor")
            try await h.signUp("learn@example.com")
            let admin = try await h.adminToken()
            let student = await h.logIn("learn@example.com").access
            #expect(await h.send(.get, "/v1/admin/users", token: student).status == 403)
            #expect(await h.send(.get, "/v1/admin/users").status == 401)
            let page = await h.send(.get, "/v1/admin/users?limit=2", token: admin)
            #expect((page["items"] as? [Any])?.count == 2)
            let cursor = try #require(page["nextCursor"] as? String)
            let rest = await h.send(.get, "/v1/admin/users?limit=2&cursor=\(cursor)", token: admin)
            #expect((rest["items"] as? [Any])?.count == 1 && rest["nextCursor"] is NSNull)
            let instructors = await h.send(.get, "/v1/admin/users?role=instructor&approved=false", token: admin)
            #expect((instructors["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [instructor])
            let decided = await h.send(
                .post, "/v1/admin/users/\(instructor)/instructor-application",
                json: ["decision": "approve", "reason": "good portfolio"], token: admin)
            #expect(decided["isInstructorApproved"] as? Bool == true)
            #expect(
                await h.send(
                    .post, "/v1/admin/users/\(instructor)/instructor-application",
                    json: ["decision": "reject", "reason": "again"], token: admin
                ).status == 409)
            let audit = await h.send(.get, "/v1/admin/users/audit?userId=\(instructor)", token: admin)
            #expect((audit["items"] as? [[String: Any]])?.first?["action"] as? String == "instructor.approve")
            #expect(await h.send(.get, "/v1/admin/users?role=wizard", token: admin).status == 400)
        }
    }

    @Test func pendingApplicationsGiveIdsInLowerCase() async throws {
        try await IdentityHarness.with { h in
            let instructor = try await h.signUp("teach@example.com", type: "instructor")
            let admin = try await h.adminToken()
            let page = await h.send(.get, "/v1/admin/users/applications?status=pending", token: admin)
            #expect(page.status == 200)
            let items = try #require(page["items"] as? [[String: Any]])
            let userID = try #require(items.first?["userId"] as? String)
            #expect(userID == instructor.lowercased())
            #expect(userID == userID.lowercased())
            let id = try #require(items.first?["id"] as? String)
            #expect(id == id.lowercased())
        }
    }

    @Test func openAPIDocumentListsExactlyTheRouterRoutes() async throws {
        try await IdentityHarness.with { h in
            await h.checkDocument()
            #expect(await h.send(.get, "/metrics").text.contains("campus_http_requests_total"))
        }
    }

    @Test func everyBodyHasAnExampleThatDecodesAsTheHandlerDecodesIt() {
        let withBodies = IdentityAPI.document.operations.filter { $0.requestBody != nil }
        #expect(withBodies.count >= 14)
        for operation in withBodies {
            #expect(
                operation.exampleProblems().isEmpty,
                "\(operation.method) \(operation.path): \(operation.exampleProblems())")
        }
    }
}
