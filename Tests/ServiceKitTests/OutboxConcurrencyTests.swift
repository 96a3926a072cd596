import Foundation
import HTTP
import Postgres
import Testing

@testable import ServiceKit

// Serialized: each test runs a consumer server and two schemas, and the whole suite shares two cores.
@Suite(.serialized) struct OutboxConcurrencyTests {
    @Test func twoDispatchersDeliverEachOfManyEventsExactlyOnce() async throws {
        try await EventsHarness.with { h in
            let ids = try await h.append("test.counted", count: 200)
            let otherPool = h.secondPool()
            var settings = EventsHarness.fastSettings
            settings.batchSize = 25
            let first = try h.dispatcher(settings: settings)
            let second = try h.dispatcher(pool: otherPool, settings: settings)
            try await h.drive([first, second]) { try await h.deliveredCount() == ids.count }
            await otherPool.close()
            let effects = try await h.consumer.effects()
            #expect(effects.count == ids.count)
            #expect(effects.values.allSatisfy { $0 == 1 })
            let posts = h.consumer.postCounts
            #expect(Set(posts.keys) == Set(ids))
            #expect(posts.values.allSatisfy { $0 == 1 })
            let attempts: [Int] = try await h.pool.query("SELECT DISTINCT attempts FROM outbox_deliveries").decode(
                Int.self)
            #expect(attempts == [1])
        }
    }

    @Test func aConsumerStoppedAbruptlyMidBurstStillAppliesEveryEventOnce() async throws {
        try await EventsHarness.with(handlerDelay: .milliseconds(5)) { h in
            let ids = try await h.append("test.counted", count: 200)
            let otherPool = h.secondPool()
            var settings = EventsHarness.fastSettings
            settings.batchSize = 20
            let dispatchers = [
                try h.dispatcher(settings: settings), try h.dispatcher(pool: otherPool, settings: settings),
            ]
            let running = dispatchers.map { dispatcher in Task { await dispatcher.run() } }
            let deadline = ContinuousClock.now + .seconds(30)
            while try await h.consumer.effects().count < 40, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            await h.consumer.stop()
            let appliedWhenStopped = try await h.consumer.effects().count
            try await Task.sleep(for: .milliseconds(300))
            try h.consumer.start()
            let finish = ContinuousClock.now + .seconds(60)
            while try await h.deliveredCount() < ids.count, ContinuousClock.now < finish {
                try await Task.sleep(for: .milliseconds(20))
            }
            for task in running { task.cancel() }
            for task in running { await task.value }
            await otherPool.close()
            #expect(appliedWhenStopped < ids.count)
            #expect(try await h.deliveredCount() == ids.count)
            let effects = try await h.consumer.effects()
            #expect(effects.count == ids.count)
            #expect(effects.values.allSatisfy { $0 == 1 })
            let retried: [Int] = try await h.pool.query(
                "SELECT count(*)::int8 FROM outbox_deliveries WHERE attempts > 1"
            ).decode(Int.self)
            #expect(retried[0] > 0)
        }
    }
}
