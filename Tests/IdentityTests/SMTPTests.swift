import Foundation
import HTTP
import Postgres
import TestSupport
import Testing

@testable import Identity

/// The SMTP transport against a real SMTP server process (aiosmtpd), through the sign-up code flow.
@Suite struct SMTPTests {
    @Test func signUpCodeIsDeliveredToARealSMTPServer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = IdentityHarness.root.appendingPathComponent("Tests/IdentityTests/smtp_sink.py").path
        let sink = try Subprocess.start(["python3", script, folder])
        defer { sink.stop() }
        // The listener picks its own free port and names it in `ready`; `failed` says why it could not start.
        var port: UInt16?
        let deadline = ContinuousClock.now + .seconds(60)
        while port == nil, ContinuousClock.now < deadline {
            if let failure = try? String(contentsOfFile: folder + "/failed", encoding: .utf8) {
                Issue.record("the SMTP listener did not start: \(failure)")
                return
            }
            port = (try? String(contentsOfFile: folder + "/ready", encoding: .utf8)).flatMap { UInt16($0) }
            if port == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        let listenerPort = try #require(port, "the SMTP listener did not start (is Python's aiosmtpd installed?)")

        try await IdentityHarness.with { h in
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "grace@example.com"])
            let code = try #require(try await h.latestCode(for: "grace@example.com"))
            var settings = SMTPSettings()
            settings.host = "127.0.0.1"
            settings.port = listenerPort
            settings.security = .none
            let transport = SMTPTransport(settings: settings, loop: IdentityHarness.group.next(), timeout: .seconds(10))
            let sent = try await MailDispatcher(
                store: h.service.mail, transport: transport, from: "Campus <no-reply@campus.test>",
                logger: h.service.logger
            ).runOnce()
            #expect(sent == 1)

            let message = try String(contentsOfFile: folder + "/1.eml", encoding: .utf8)
            #expect(message.hasPrefix("X-Envelope-To: grace@example.com"))
            #expect(message.contains("Subject: Your Campus sign-up code"))
            #expect(message.contains(code))
            // Sent mail no longer holds the code at rest.
            let bodies = try await h.pool.query(
                "SELECT coalesce(body, '') FROM mail_outbox WHERE recipient = \("grace@example.com")"
            ).decode(String.self)
            #expect(bodies.count == 1)
            #expect(bodies.allSatisfy { !$0.contains(code) })
        }
    }
}
