import HTTP
import TestSupport
import Testing

@testable import ServiceKit

@Suite struct RateLimiterTests {
    @Test func refusesHitsBeyondTheLimitWithRetryAfter() async throws {
        try await TestSchema.withKitSchema { pool in
            let limiter = RateLimiter(pool: pool)
            let policy = RateLimitPolicy(name: "test", limit: 3, window: .seconds(600))
            for expected in [2, 1, 0] {
                let decision = try await limiter.hit(policy, key: "a@example.com")
                #expect(decision.isAllowed)
                #expect(decision.remaining == expected)
            }
            let refused = try await limiter.hit(policy, key: "a@example.com")
            #expect(!refused.isAllowed)
            #expect(refused.resetSeconds > 0 && refused.resetSeconds <= 600)
            do {
                try refused.enforce()
                Issue.record("expected 429")
            } catch let error as ServiceError {
                #expect(error.status == .tooManyRequests)
                #expect(error.headers["retry-after"] == String(refused.resetSeconds))
                #expect(error.headers["ratelimit-remaining"] == "0")
            }
            #expect(try await limiter.hit(policy, key: "b@example.com").isAllowed)
            try await limiter.reset(policy, key: "a@example.com")
            #expect(try await limiter.hit(policy, key: "a@example.com").isAllowed)
        }
    }

    @Test func keysAreNotStoredInTheClear() async throws {
        try await TestSchema.withKitSchema { pool in
            let policy = RateLimitPolicy(name: "test", limit: 3, window: .seconds(60))
            _ = try await RateLimiter(pool: pool).hit(policy, key: "secret@example.com")
            let keys = try await pool.query("SELECT key FROM rate_limits").decode(String.self)
            #expect(keys.count == 1 && !keys[0].contains("secret"))
        }
    }
}
