import Foundation
import Testing

@testable import Identity

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized) struct MailDispatcherTests {
    struct Refusing: MailTransport {
        struct Refused: Error {}
        func send(_ message: MailMessage, from: String) async throws { throw Refused() }
    }

    @Test func aFailedSendIsRetriedWithinTheBackOffThenGivenUpWithTheBodyWiped() async throws {
        try await IdentityHarness.with { h in
            _ = await h.send(.post, "/v1/auth/otp", json: ["email": "bounce@example.com"])
            let dispatcher = MailDispatcher(
                store: h.service.mail, transport: Refusing(), from: "a@b.c", logger: h.service.logger,
                maximumAttempts: 2)
            #expect(try await dispatcher.runOnce() == 0)
            let first = try await h.pool.query(
                """
                SELECT attempts, extract(epoch FROM next_attempt_at - now())::float8, body IS NOT NULL,
                    failed_at IS NULL, last_error IS NOT NULL
                FROM mail_outbox
                """)
            let (attempts, wait, hasBody, isPending, hasError) = try first[0].decode(
                (Int, Double, Bool, Bool, Bool).self)
            // The first retry waits at most the back-off's first ceiling, 10 seconds.
            #expect(attempts == 1 && wait <= 10 && hasBody && isPending && hasError)
            try await h.pool.execute("UPDATE mail_outbox SET next_attempt_at = now()")
            #expect(try await dispatcher.runOnce() == 0)
            let last = try await h.pool.query(
                "SELECT attempts, body IS NULL, failed_at IS NOT NULL, sent_at IS NULL FROM mail_outbox")
            let (finalAttempts, isWiped, isFailed, isUnsent) = try last[0].decode((Int, Bool, Bool, Bool).self)
            #expect(finalAttempts == 2 && isWiped && isFailed && isUnsent)
            try await h.pool.execute("UPDATE mail_outbox SET next_attempt_at = now()")
            #expect(try await dispatcher.runOnce() == 0)
            let unchanged = try await h.pool.query("SELECT attempts FROM mail_outbox").decode(Int.self)
            #expect(unchanged == [2])
        }
    }
}
