import Contracts
import Crypto
import Foundation
import HTTP
import IO
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Certificates")
struct CertificateTests {
    /// Completes every lesson of `event` as `token`; returns the last answer.
    static func finish(_ h: LearningHarness, _ event: CourseChanged, token: String) async -> LearningHarness.Reply {
        var last: LearningHarness.Reply?
        for lesson in event.lessonIds {
            last = await h.send(.post, "/v1/learn/\(event.id)/lessons/\(lesson)/complete", token: token)
        }
        return last!
    }

    /// The caller's certificates.
    static func mine(_ h: LearningHarness, _ token: String) async -> [[String: Any]] {
        await h.send(.get, "/v1/certificates", token: token).items
    }

    @Test func completingACourseIssuesOneCertificateAnyoneCanVerifyByCodeAndOfflineByItsSignature() async throws {
        try await LearningHarness.withIdentity(name: ("Grace <b>", "Hopper")) { identity in
            try await LearningHarness.with(settings: { $0.identityURL = identity.url }) { h in
                let event = LearningHarness.course(lessons: 2)
                let course = try await h.publish(event)
                let (_, token) = try h.student()
                try await h.enroll(token, in: course)
                #expect(await Self.finish(h, event, token: token).json["status"] as? String == "completed")

                let mine = await Self.mine(h, token)
                #expect(mine.count == 1)
                let code = try #require(mine.first?["code"] as? String)
                #expect(code.wholeMatch(of: /[A-Z2-7]{4}(-[A-Z2-7]{4}){5}/) != nil, "24 base32 characters: 120 bits")
                // Public: no token needed; any case, without dashes.
                let plain = code.replacingOccurrences(of: "-", with: "").lowercased()
                let found = await h.send(.get, "/v1/certificates/\(plain)")
                #expect(found.status == 200 && found.json["code"] as? String == code)
                #expect(found.json["holderName"] as? String == "Grace <b> Hopper")
                #expect(found.json["courseTitle"] as? String == event.title)
                #expect(found.json["instructorName"] as? String == event.instructorName)
                #expect(found.json["status"] as? String == "valid")
                #expect(await h.send(.get, "/v1/certificates/AAAA-AAAA-AAAA-AAAA-AAAA-AAAA").status == 404)
                let nul = await h.send(.get, "/v1/certificates/%00")
                #expect(nul.status == 400 && nul.text.contains("control characters"))
                #expect(await h.send(.get, "/v1/certificates/" + String(repeating: "A", count: 5000)).status == 404)

                // The page prints the same, escaped, and runs nothing.
                let page = await h.send(.get, "/v1/certificates/\(code)", headers: ["Accept": "text/html"])
                #expect(page.headers["content-type"] == "text/html; charset=utf-8")
                #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
                #expect(page.text.contains("Grace &lt;b&gt; Hopper") && !page.text.contains("<b>"))
                #expect(page.text.contains(code))

                // The JWS verifies against the published keys, and says what the certificate says.
                let keys = await h.send(.get, "/v1/certificates/jwks.json")
                let set = try JSONWebKeySet(parsing: Data(keys.text.utf8))
                let verifier = JWSVerifier(keys: JWTKeySet(set), type: CertificateClaims.type)
                let jws = try #require(found.json["token"] as? String)
                let claims = try await verifier.verify(jws, as: CertificateClaims.self)
                #expect(claims.sub == code && claims.name == "Grace <b> Hopper" && claims.courseId == event.id)
                var forged = Array(jws.utf8)
                forged[forged.count / 2] = forged[forged.count / 2] == UInt8(ascii: "A") ? 66 : 65
                await #expect(throws: JWTError.self) {
                    try await verifier.verify(String(decoding: forged, as: UTF8.self), as: CertificateClaims.self)
                }
                // Another key (identity's, say) does not verify it.
                let other = JWSVerifier(
                    keys: JWTKeySet([h.signer.keyID: h.signer.publicKey]), type: CertificateClaims.type)
                await #expect(throws: JWTError.self) { try await other.verify(jws, as: CertificateClaims.self) }
                #expect(await Self.mine(h, try h.token(UUID(), role: .student)).isEmpty)
            }
        }
    }

    @Test func twentyConcurrentFinalCompletionsAndRepeatedIssuesMakeOneCertificate() async throws {
        try await LearningHarness.withIdentity { identity in
            try await LearningHarness.with(settings: { $0.identityURL = identity.url }) { h in
                let event = LearningHarness.course(lessons: 2)
                let course = try await h.publish(event)
                let (_, token) = try h.student()
                let enrollment = try await h.enroll(token, in: course)
                _ = await h.send(.post, "/v1/learn/\(event.id)/lessons/\(event.lessonIds[0])/complete", token: token)
                let replies = await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            await h.send(
                                .post, "/v1/learn/\(event.id)/lessons/\(event.lessonIds[1])/complete", token: token
                            ).status
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                #expect(replies.allSatisfy { $0 == 200 })
                try await h.service.pool.execute(
                    "INSERT INTO certificate_requests (enrollment_id) VALUES (\(enrollment)) ON CONFLICT DO NOTHING")
                try await h.service.issuer.issue(enrollment)
                try await h.service.issuer.issue(enrollment)
                let count = try await h.pool.query("SELECT count(*)::int8 FROM certificates")[0].decode(Int.self, at: 0)
                #expect(count == 1)
                let left = try await h.pool.query("SELECT count(*)::int8 FROM certificate_requests")[0]
                    .decode(Int.self, at: 0)
                #expect(left == 0)
            }
        }
    }

    @Test func aCertificateIdentityCouldNotNameIsIssuedByTheSweepOnceItCan() async throws {
        let isDown = Locked(true)
        try await LearningHarness.withIdentity(isDown: isDown) { identity in
            try await LearningHarness.with(settings: { $0.identityURL = identity.url }) { h in
                let event = LearningHarness.course(lessons: 1)
                let course = try await h.publish(event)
                let (_, token) = try h.student()
                try await h.enroll(token, in: course)
                #expect(await Self.finish(h, event, token: token).json["status"] as? String == "completed")
                #expect(await Self.mine(h, token).isEmpty, "identity was down")
                isDown.withLock { $0 = false }
                let sweep = Task { await h.service.issuer.job(interval: .milliseconds(50)).run() }
                defer { sweep.cancel() }
                var issued = 0
                for _ in 0..<100 where issued == 0 {
                    issued = await Self.mine(h, token).count
                    if issued == 0 { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(issued == 1)
            }
        }
    }

    @Test func aRefundRevokesTheCertificateAtOnceAndAdminsRevokeAndReinstate() async throws {
        try await LearningHarness.withIdentity { identity in
            try await LearningHarness.with(settings: { $0.identityURL = identity.url }) { h in
                let event = LearningHarness.course(price: 4900, lessons: 2)
                let course = try await h.publish(event)
                let (student, token) = try h.student()
                let payment = UUIDv7Generator().next()
                let paid = try await h.deliver(
                    .paymentCompleted,
                    PaymentEventTests.payment(payment, student: student, courses: [course], "completed", version: 2),
                    from: "billing")
                #expect(paid.status == 200)
                #expect(await Self.finish(h, event, token: token).json["status"] as? String == "completed")
                let code = try #require(await Self.mine(h, token).first?["code"] as? String)

                let admin = try h.token(UUID(), role: .admin)
                let revoke = "/v1/admin/certificates/\(code)/revoke"
                #expect(await h.send(.post, revoke, json: ["reason": "x"], token: token).status == 403)
                #expect(await h.send(.post, revoke, json: [:], token: admin).status == 400)
                #expect(
                    await h.send(.post, "/v1/admin/certificates/AAAA/revoke", json: ["reason": "x"], token: admin)
                        .status == 404)
                let revoked = await h.send(.post, revoke, json: ["reason": "Copied work."], token: admin)
                #expect(
                    revoked.json["status"] as? String == "revoked"
                        && revoked.json["revokedReason"] as? String == "Copied work.")
                let reinstated = await h.send(.post, "/v1/admin/certificates/\(code)/reinstate", token: admin)
                #expect(reinstated.json["status"] as? String == "valid" && reinstated.json["revokedAt"] == nil)

                let refunded = try await h.deliver(
                    .paymentRefunded,
                    PaymentEventTests.payment(
                        payment, student: student, courses: [course], "refunded", version: 3, refunded: [course]),
                    from: "billing")
                #expect(refunded.status == 200)
                let shown = await h.send(.get, "/v1/certificates/\(code)")
                #expect(
                    shown.json["status"] as? String == "revoked" && shown.json["revokedReason"] as? String == "refunded"
                )
                let page = await h.send(.get, "/v1/certificates/\(code)", headers: ["Accept": "text/html,*/*"])
                #expect(page.text.contains("Revoked"))
                let lesson = await h.send(.get, "/v1/learn/\(event.id)/lessons/\(event.lessonIds[1])", token: token)
                #expect(lesson.status == 403, "access ends with the refund event")
            }
        }
    }
}
