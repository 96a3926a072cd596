import Foundation
import HTTP
import IO
import Logging
import Postgres
import Time

/// Delivers the events of the service's `outbox` to its subscribers' `POST /internal/v1/events`.
///
/// A pass (`runOnce`) publishes new events (one `outbox_deliveries` row per matching subscription), claims due
/// deliveries under a lease, POSTs each (a few at a time, no transaction open meanwhile) and records the
/// outcome: delivered on 2xx; on failure retried with exponential back-off and full jitter until
/// `maxAttempts`, then dead-lettered; dead-lettered at once on a 4xx the subscriber answers because of the
/// event itself (see `verdict(status:body:)`). Every step takes rows with `FOR UPDATE SKIP LOCKED`, so any number of
/// replicas can run a dispatcher on the same schema. Consumers de-duplicate by event id (`EventConsumer`), so
/// the rare second POST (a lease that ran out) has no second effect.
public final class OutboxDispatcher: Sendable {
    let service: String
    let store: OutboxDeliveryStore
    let client: InternalClient
    let subscriptions: [String: EventSubscription]
    let orderedSubscriptions: [EventSubscription]
    let settings: OutboxSettings
    let metrics: PrometheusMetrics?
    let logger: Logger
    private let lastCleanUp = Locked<ContinuousClock.Instant?>(nil)

    /// Creates a dispatcher for `service`'s outbox in `pool`'s schema.
    /// - Parameters:
    ///   - client: sends the POSTs with `service`'s credential.
    ///   - metrics: gets the `outbox_delivered_total`, `outbox_retried_total` and `outbox_dead_total` counters.
    public init(
        service: String, pool: PostgresPool, client: InternalClient, subscriptions: [EventSubscription],
        settings: OutboxSettings = OutboxSettings(), metrics: PrometheusMetrics? = nil, logger: Logger
    ) {
        self.service = service
        self.store = OutboxDeliveryStore(pool: pool)
        self.client = client
        self.orderedSubscriptions = subscriptions
        self.subscriptions = Dictionary(
            subscriptions.map { ($0.subscriber, $0) }, uniquingKeysWith: { first, _ in first })
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        // Every series exists from the start, so a rate over it is defined before the first failure.
        for subscription in subscriptions {
            for counter in Counter.allCases { count(counter, subscription.subscriber, by: 0) }
        }
    }

    /// The counters a dispatcher keeps, per subscriber.
    enum Counter: String, CaseIterable {
        case delivered = "outbox_delivered_total"
        case retried = "outbox_retried_total"
        case dead = "outbox_dead_total"

        var help: String {
            switch self {
            case .delivered: "Event deliveries accepted."
            case .retried: "Event deliveries failed and retried."
            case .dead: "Event deliveries dead-lettered."
            }
        }
    }

    private func count(_ counter: Counter, _ subscriber: String, by amount: Double = 1) {
        metrics?.increment(counter.rawValue, help: counter.help, labels: ["subscriber": subscriber], by: amount)
    }

    /// Creates the dispatcher a service runs: subscriptions, settings and credential from `configuration`.
    public convenience init(
        configuration: ServiceConfiguration, pool: PostgresPool, client: HTTPClient, metrics: PrometheusMetrics?,
        logger: Logger
    ) {
        self.init(
            service: configuration.service, pool: pool,
            client: InternalClient(
                client: client, credential: configuration.credential, timeout: configuration.outbox.requestTimeout),
            subscriptions: configuration.subscriptions, settings: configuration.outbox, metrics: metrics,
            logger: logger)
    }

    /// Runs passes until the task is cancelled: at once again after a full batch, else after the poll interval;
    /// after failures in a row, after the poll interval doubled for each, at most 30 seconds.
    public func run() async {
        await PeriodicJob(
            name: "outbox dispatch", interval: settings.pollInterval,
            failureBackoff: RetryBackoff(base: settings.pollInterval, cap: .seconds(30)), logger: logger
        ) {
            try await self.runOnce().isBatchFull ? .moreWork : .idle
        }.run()
    }

    /// One pass: publish, clean up when due (at most every `retentionInterval`), claim and deliver.
    @discardableResult
    public func runOnce() async throws -> DispatchReport {
        var report = DispatchReport()
        report.published = try await store.publish(limit: settings.batchSize, subscriptions: orderedSubscriptions)
        if isCleanUpDue(), let deleted = try await cleanUp() {
            report.outboxDeleted = deleted.outbox
            report.inboxDeleted = deleted.inbox
        }
        let claimed = try await store.claim(limit: settings.batchSize, lease: settings.lease)
        report.claimed = claimed.count
        report.isBatchFull = report.published == settings.batchSize || claimed.count == settings.batchSize
        await withTaskGroup(of: Outcome.self) { group in
            var pending = claimed.makeIterator()
            for _ in 0..<max(1, settings.concurrency) {
                guard let delivery = pending.next() else { break }
                group.addTask { await self.attempt(delivery) }
            }
            while let outcome = await group.next() {
                switch outcome {
                case .delivered: report.delivered += 1
                case .retried: report.retried += 1
                case .dead: report.dead += 1
                case .unrecorded: break
                }
                if let delivery = pending.next() { group.addTask { await self.attempt(delivery) } }
            }
        }
        return report
    }

    /// Deletes delivered events and old inbox entries now (see `OutboxSettings`); `nil` when another
    /// dispatcher is doing it.
    @discardableResult
    public func cleanUp() async throws -> (outbox: Int, inbox: Int)? {
        let deleted = try await store.cleanUp(outboxAge: settings.outboxRetention, inboxAge: settings.inboxRetention)
        if let deleted, deleted.outbox + deleted.inbox > 0 {
            logger.info("outbox retention", ["outbox": deleted.outbox, "inbox": deleted.inbox])
        }
        return deleted
    }

    private func isCleanUpDue() -> Bool {
        let now = ContinuousClock.now
        return lastCleanUp.withLock { last in
            if let last, now - last < settings.retentionInterval { return false }
            last = now
            return true
        }
    }

    enum Outcome: Sendable {
        case delivered, retried, dead
        /// The outcome could not be recorded; the lease will make the delivery due again.
        case unrecorded
    }

    /// The verdict on one attempt.
    enum Verdict: Equatable {
        case delivered
        case failed(String)
        /// The subscriber will never accept it.
        case rejected(String)
    }

    private func attempt(_ delivery: ClaimedDelivery) async -> Outcome {
        let verdict: Verdict
        if delivery.attempts > settings.maxAttempts {
            // Claimed again after its last allowed attempt was lost (the lease ran out): give up without a POST.
            verdict = .rejected("no outcome recorded for the last attempt")
        } else if let subscription = subscriptions[delivery.subscriber] {
            verdict = await post(delivery, to: subscription)
        } else {
            verdict = .failed("subscriber \(delivery.subscriber) is not configured here")
        }
        return await record(verdict, for: delivery)
    }

    private func post(_ delivery: ClaimedDelivery, to subscription: EventSubscription) async -> Verdict {
        let envelope = EventEnvelope(
            id: delivery.eventID, topic: delivery.topic, source: service,
            occurredAt: RFC3339.string(delivery.createdAt), payload: delivery.payload)
        do {
            let response = try await client.send(
                .post, subscription.eventsURL, body: Array(envelope.jsonData()), contentType: "application/json",
                requestID: "event-" + delivery.eventID.lowercased, timeout: settings.requestTimeout,
                isRetryable: true)
            return Self.verdict(status: response.status.code, body: response.body)
        } catch {
            return .failed(error.reason)
        }
    }

    /// How a subscriber's answer is taken: 2xx delivered; other 4xx final (the subscriber will never accept this
    /// event), except 408 and 429 (busy) and 401 and 404 (not this event's fault but the deployment's: a secret
    /// being rotated, a route not deployed yet), which, like 5xx, are retried.
    static func verdict(status: Int, body: [UInt8]) -> Verdict {
        if (200..<300).contains(status) { return .delivered }
        var text = "HTTP \(status)"
        if let problem = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let code = problem["code"] as? String, code.utf8.count <= 64
        {
            text += " \(code)"
        }
        return (400..<500).contains(status) && ![401, 404, 408, 429].contains(status) ? .rejected(text) : .failed(text)
    }

    private func record(_ verdict: Verdict, for delivery: ClaimedDelivery) async -> Outcome {
        let fields: [String: any Sendable] = [
            "eventId": delivery.eventID.lowercased, "topic": delivery.topic,
            "subscriber": delivery.subscriber, "attempt": delivery.attempts,
        ]
        do {
            switch verdict {
            case .delivered:
                try await store.markDelivered(delivery)
                count(.delivered, delivery.subscriber)
                return .delivered
            case .failed(let error) where delivery.attempts < settings.maxAttempts:
                let delay = settings.backoff.delay(afterAttempts: delivery.attempts)
                try await store.markFailed(delivery, error: error, retryAfter: delay)
                count(.retried, delivery.subscriber)
                logger.warning("event delivery failed", fields.merging(["error": error]) { $1 })
                return .retried
            case .failed(let error), .rejected(let error):
                try await store.markFailed(delivery, error: error, retryAfter: nil)
                count(.dead, delivery.subscriber)
                logger.error("event delivery dead-lettered", fields.merging(["error": error]) { $1 })
                return .dead
            }
        } catch {
            logger.error(
                "event delivery outcome not recorded", fields.merging(["error": String(describing: error)]) { $1 })
            return .unrecorded
        }
    }
}
