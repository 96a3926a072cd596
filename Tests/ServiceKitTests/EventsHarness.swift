import Contracts
import Foundation
import HTTP
import IO
import Logging
import Postgres
import TestSupport

@testable import ServiceKit

/// A producer (a fresh schema with the kit's tables, an `Outbox` and `OutboxDispatcher`s) and a consumer
/// (`ConsumerServer`, with a schema of its own) reached over real HTTP on 127.0.0.1.
struct EventsHarness {
    let pool: PostgresPool
    let schema: String
    let consumer: ConsumerServer
    let credential = ServiceCredential(
        service: "producer", secret: Array(ServiceConfiguration.developmentServiceSecret.utf8))
    let logger = Logger(service: "producer", minimumLevel: .error, sink: { _ in })

    /// Settings that retry quickly, so tests do not wait for real back-off.
    static var fastSettings: OutboxSettings {
        var settings = OutboxSettings()
        settings.pollInterval = .milliseconds(20)
        settings.backoff = RetryBackoff(base: .milliseconds(10), cap: .milliseconds(80))
        settings.requestTimeout = .seconds(5)
        return settings
    }

    /// Runs `body` with both schemas (dropped afterwards) and the consumer listening.
    static func with<T>(
        handlerDelay: Duration = .zero, _ body: (EventsHarness) async throws -> T
    ) async throws -> T {
        let poolSettings = PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        return try await TestSchema.with(pool: poolSettings) { pool, schema in
            try await TestSchema.applyKitMigrations(pool, schema: schema)
            return try await TestSchema.with(pool: poolSettings) { consumerPool, consumerSchema in
                try await TestSchema.applyKitMigrations(consumerPool, schema: consumerSchema)
                try await consumerPool.execute(
                    "CREATE TABLE effects (event_id uuid PRIMARY KEY, applied integer NOT NULL)")
                let consumer = ConsumerServer(pool: consumerPool, handlerDelay: handlerDelay)
                try consumer.start()
                do {
                    let value = try await body(EventsHarness(pool: pool, schema: schema, consumer: consumer))
                    await consumer.stop()
                    return value
                } catch {
                    await consumer.stop()
                    throw error
                }
            }
        }
    }

    /// Another pool on the producer's schema, as a second process would have.
    func secondPool() -> PostgresPool {
        var configuration = PostgresConfiguration(TestSchema.databaseURL, applicationName: schema + "-2")
        configuration.searchPath = [schema]
        return PostgresPool(
            configuration: configuration,
            pool: PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30)),
            group: TestSchema.group)
    }

    /// The subscription of the consumer, to every `test.*` topic.
    var subscription: EventSubscription {
        EventSubscription(
            subscriber: "consumer", baseURL: "http://127.0.0.1:\(consumer.port)", topicPatterns: ["test.*"])
    }

    /// A dispatcher over `pool` (the producer's by default) with its own HTTP client.
    func dispatcher(
        pool: PostgresPool? = nil, settings: OutboxSettings = EventsHarness.fastSettings,
        metrics: PrometheusMetrics? = nil
    ) throws -> OutboxDispatcher {
        let client = try HTTPClient(eventLoopGroup: TestSchema.group)
        return OutboxDispatcher(
            service: "producer", pool: pool ?? self.pool,
            client: InternalClient(client: client, credential: credential),
            subscriptions: [subscription], settings: settings, metrics: metrics, logger: logger)
    }

    /// Writes events of the test topic `topic` (`{"n": index}`) to the outbox in one transaction; returns their ids.
    @discardableResult
    func append(_ topic: String, count: Int = 1) async throws -> [UUID] {
        try await pool.withTransaction { connection in
            var ids: [UUID] = []
            for index in 0..<count {
                ids.append(try await Outbox().append(ConsumerServer.topic(topic), ["n": index], on: connection))
            }
            return ids
        }
    }

    /// The delivery of `eventID` to the consumer: attempts, next attempt, delivered, dead, last error.
    func delivery(_ eventID: UUID) async throws -> (
        attempts: Int, nextAttemptAt: Date, deliveredAt: Date?, deadAt: Date?, lastError: String?
    )? {
        try await pool.query(
            """
            SELECT attempts, next_attempt_at, delivered_at, dead_at, last_error FROM outbox_deliveries
            WHERE event_id = \(eventID) AND subscriber = 'consumer'
            """
        ).decode((Int, Date, Date?, Date?, String?).self).first.map {
            (attempts: $0.0, nextAttemptAt: $0.1, deliveredAt: $0.2, deadAt: $0.3, lastError: $0.4)
        }
    }

    /// How many deliveries have been accepted.
    func deliveredCount() async throws -> Int {
        let counts: [Int] = try await pool.query(
            "SELECT count(*)::int8 FROM outbox_deliveries WHERE delivered_at IS NOT NULL"
        ).decode(Int.self)
        return counts[0]
    }

    /// Runs `dispatcher` passes until `done` holds, or fails after `timeout`.
    func drive(
        _ dispatchers: [OutboxDispatcher], timeout: Duration = .seconds(60), until done: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !done() {
            guard ContinuousClock.now < deadline else { throw TimedOut() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for dispatcher in dispatchers { group.addTask { try await dispatcher.runOnce() } }
                try await group.waitForAll()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    struct TimedOut: Error {}
}
