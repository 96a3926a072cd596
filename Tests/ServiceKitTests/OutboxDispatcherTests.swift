import Foundation
import HTTP
import Postgres
import TestSupport
import Testing

@testable import ServiceKit
import Time

// Serialized: each test runs a consumer server and two schemas, and the whole suite shares two cores.
@Suite(.serialized) struct OutboxDispatcherTests {
    @Test func deliversAnEventOnceWithItsEnvelopeAndMarksUnsubscribedEventsPublished() async throws {
        try await EventsHarness.with { h in
            let metrics = PrometheusMetrics()
            let dispatcher = try h.dispatcher(metrics: metrics)
            let id = try await h.append("test.counted")[0]
            let unwanted = try await h.append("other.topic")[0]
            let report = try await dispatcher.runOnce()
            #expect(report.published == 2 && report.claimed == 1 && report.delivered == 1 && report.dead == 0)
            #expect(try await h.consumer.effects() == [id: 1])
            let delivery = try #require(try await h.delivery(id))
            #expect(delivery.attempts == 1 && delivery.deliveredAt != nil && delivery.lastError == nil)
            let unwantedRows = try await h.pool.query(
                """
                SELECT published_at IS NOT NULL,
                    (SELECT count(*)::int8 FROM outbox_deliveries WHERE event_id = \(unwanted))
                FROM outbox WHERE id = \(unwanted)
                """
            ).decode((Bool, Int).self)
            #expect(unwantedRows.first?.0 == true && unwantedRows.first?.1 == 0)
            let inbox = try await h.consumer.pool.query(
                "SELECT source, topic FROM inbox WHERE event_id = \(id)"
            ).decode((String, String).self)
            #expect(inbox.first?.0 == "producer" && inbox.first?.1 == "test.counted")
            #expect(metrics.counter("outbox_delivered_total", labels: ["subscriber": "consumer"]) == 1)
            #expect(metrics.render().contains(#"campus_outbox_delivered_total{subscriber="consumer"} 1"#))
            let again = try await dispatcher.runOnce()
            #expect(again.published == 0 && again.claimed == 0)
            #expect(h.consumer.postCounts == [id: 1])
        }
    }

    @Test func theEnvelopeCarriesTheSourceAndTheWriteTimeAsRFC3339() async throws {
        try await EventsHarness.with { h in
            let id = try await h.append("test.counted")[0]
            let times: [Date] = try await h.pool.query("SELECT created_at FROM outbox WHERE id = \(id)").decode(
                Date.self)
            let written = times[0]
            try await h.dispatcher().runOnce()
            let envelope = try #require(h.consumer.lastEnvelopes[id])
            #expect(envelope.source == "producer" && envelope.topic == "test.counted")
            #expect(envelope.occurredAt == RFC3339.string(written))
            #expect(envelope.occurredAt.hasSuffix("Z") && envelope.occurredAt.count == 27)
            #expect(try envelope.decode([String: Int].self) == ["n": 0])
            let listed = try await OutboxDeliveryStore(pool: h.pool).list(
                status: .delivered, topic: "test.counted", after: nil, limit: 10)
            #expect(listed.map(\.eventId) == [id.uuidString.lowercased()])
            #expect(listed.first?.createdAt == envelope.occurredAt)
        }
    }

    @Test func retriesWithGrowingAttemptsWhileTheConsumerIsDownThenDelivers() async throws {
        try await EventsHarness.with { h in
            await h.consumer.stop()
            let dispatcher = try h.dispatcher()
            let id = try await h.append("test.counted")[0]
            let before = Date()
            let first = try await dispatcher.runOnce()
            #expect(first.retried == 1 && first.delivered == 0)
            let afterFirst = try #require(try await h.delivery(id))
            #expect(afterFirst.attempts == 1 && afterFirst.deliveredAt == nil && afterFirst.deadAt == nil)
            #expect(afterFirst.nextAttemptAt >= before.addingTimeInterval(-1))
            #expect(afterFirst.lastError?.isEmpty == false)
            try await Task.sleep(for: .milliseconds(120))
            #expect(try await dispatcher.runOnce().retried == 1)
            let afterSecond = try #require(try await h.delivery(id))
            #expect(afterSecond.attempts == 2 && afterSecond.nextAttemptAt > afterFirst.nextAttemptAt)
            try h.consumer.start()
            try await Task.sleep(for: .milliseconds(120))
            #expect(try await dispatcher.runOnce().delivered == 1)
            let delivered = try #require(try await h.delivery(id))
            #expect(delivered.attempts == 3 && delivered.deliveredAt != nil && delivered.lastError == nil)
            #expect(try await h.consumer.effects() == [id: 1])
        }
    }

    @Test func deadLettersAfterTheMostAttemptsAndAReplayDeliversIt() async throws {
        try await EventsHarness.with { h in
            await h.consumer.stop()
            var settings = EventsHarness.fastSettings
            settings.maxAttempts = 3
            let metrics = PrometheusMetrics()
            let dispatcher = try h.dispatcher(settings: settings, metrics: metrics)
            let id = try await h.append("test.counted")[0]
            try await h.drive([dispatcher], timeout: .seconds(20)) { try await h.delivery(id)?.deadAt != nil }
            let dead = try #require(try await h.delivery(id))
            #expect(dead.attempts == 3 && dead.deliveredAt == nil && dead.lastError?.isEmpty == false)
            #expect(metrics.counter("outbox_dead_total", labels: ["subscriber": "consumer"]) == 1)
            #expect(metrics.counter("outbox_retried_total", labels: ["subscriber": "consumer"]) == 2)
            try h.consumer.start()
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await dispatcher.runOnce().claimed == 0)
            #expect(try await OutboxDeliveryStore(pool: h.pool).replay(eventID: id, subscriber: nil) == 1)
            let replayed = try #require(try await h.delivery(id))
            #expect(replayed.attempts == 0 && replayed.deadAt == nil && replayed.lastError == nil)
            #expect(try await dispatcher.runOnce().delivered == 1)
            #expect(try await h.delivery(id)?.deliveredAt != nil)
            #expect(try await h.consumer.effects() == [id: 1])
        }
    }

    @Test func aConsumerThatRejectsTheEventDeadLettersItAtOnceButAFailureIsRetried() async throws {
        try await EventsHarness.with { h in
            let dispatcher = try h.dispatcher()
            let rejected = try await h.append("test.rejected")[0]
            let failing = try await h.append("test.failing")[0]
            let report = try await dispatcher.runOnce()
            #expect(report.dead == 1 && report.retried == 1)
            let dead = try #require(try await h.delivery(rejected))
            #expect(dead.attempts == 1 && dead.deadAt != nil)
            #expect(dead.lastError?.hasPrefix("HTTP 400") == true)
            let retried = try #require(try await h.delivery(failing))
            #expect(retried.deadAt == nil && retried.lastError?.hasPrefix("HTTP 500") == true)
            #expect(try await h.consumer.effects().isEmpty)
        }
    }

    @Test func theSameEnvelopeDeliveredTwiceHasOneEffect() async throws {
        try await EventsHarness.with { h in
            let id = try await h.append("test.counted")[0]
            let dispatcher = try h.dispatcher()
            #expect(try await dispatcher.runOnce().delivered == 1)
            let client = InternalClient(
                client: try HTTPClient(eventLoopGroup: TestSchema.group), credential: h.credential)
            let envelope = EventEnvelope(
                id: id, topic: "test.counted", source: "producer", occurredAt: "2026-11-21T00:00:00.000000Z",
                payload: Data(#"{"n":0}"#.utf8))
            let answer = try await client.send(
                .post, h.subscription.eventsURL, body: Array(envelope.jsonData()), contentType: "application/json",
                requestID: nil)
            #expect(answer.status == .ok && answer.text.contains("duplicate"))
            #expect(try await OutboxDeliveryStore(pool: h.pool).replay(eventID: id, subscriber: "consumer") == 1)
            #expect(try await dispatcher.runOnce().delivered == 1)
            #expect(h.consumer.postCounts[id] == 3)
            #expect(try await h.consumer.effects() == [id: 1])
        }
    }

    @Test func aDeliveryWithoutCredentialIsRefused() async throws {
        try await EventsHarness.with { h in
            let client = try HTTPClient(eventLoopGroup: TestSchema.group)
            let envelope = EventEnvelope(
                id: UUID(), topic: "test.counted", source: "producer", occurredAt: "2026-11-21T00:00:00.000000Z",
                payload: Data("{}".utf8))
            let response = try await client.execute(
                ClientRequest(
                    method: .post, url: h.subscription.eventsURL, headers: ["Content-Type": "application/json"],
                    body: Array(envelope.jsonData())))
            #expect(response.status == .unauthorized)
            #expect(try await h.consumer.effects().isEmpty)
        }
    }

    @Test func retentionDeletesEventsDeliveredLongAgoAndKeepsDeadAndRecentOnes() async throws {
        try await EventsHarness.with { h in
            let ids = try await h.append("test.counted", count: 3)
            let unsubscribed = try await h.append("nobody.listens")[0]
            let dispatcher = try h.dispatcher()
            try await dispatcher.runOnce()
            try await h.pool.execute(
                "UPDATE outbox_deliveries SET delivered_at = NULL, dead_at = now() WHERE event_id = \(ids[1])")
            try await h.pool.execute(
                "UPDATE outbox SET published_at = now() - interval '8 days' WHERE id <> \(ids[2])")
            try await h.pool.execute(
                "UPDATE outbox_deliveries SET delivered_at = now() - interval '8 days' WHERE event_id = \(ids[0])")
            try await h.consumer.pool.execute("UPDATE inbox SET received_at = now() - interval '31 days'")
            let deleted = try #require(try await dispatcher.cleanUp())
            #expect(deleted.outbox == 2)
            let remaining: [UUID] = try await h.pool.query("SELECT id FROM outbox").decode(UUID.self)
            let left = Set(remaining)
            #expect(left == [ids[1], ids[2]])
            #expect(!left.contains(unsubscribed))
            let consumerSide = OutboxDeliveryStore(pool: h.consumer.pool)
            #expect(try await consumerSide.cleanUp(outboxAge: .seconds(86400), inboxAge: .seconds(86400))?.inbox == 3)
        }
    }
}
