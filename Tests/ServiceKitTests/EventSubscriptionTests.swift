import Testing

@testable import ServiceKit

@Suite struct EventSubscriptionTests {
    @Test func parsesEntriesSeparatedBySemicolons() throws {
        let subscriptions = try EventSubscription.parseList(
            " catalog http://127.0.0.1:8102 user.changed,user.deleted; learning http://127.0.0.1:8103/ user.* ;")
        #expect(
            subscriptions == [
                EventSubscription(
                    subscriber: "catalog", baseURL: "http://127.0.0.1:8102",
                    topicPatterns: ["user.changed", "user.deleted"]),
                EventSubscription(subscriber: "learning", baseURL: "http://127.0.0.1:8103", topicPatterns: ["user.*"]),
            ])
        #expect(subscriptions[1].eventsURL == "http://127.0.0.1:8103/internal/v1/events")
        #expect(try EventSubscription.parseList("").isEmpty)
        #expect(try EventSubscription.parseList("  ;  ").isEmpty)
    }

    @Test func patternsMatchWholeTopicsOrPrefixesEndingInAStar() {
        let exact = EventSubscription(subscriber: "a", baseURL: "http://h", topicPatterns: ["user.changed"])
        #expect(exact.matches("user.changed"))
        #expect(!exact.matches("user.changed.v2") && !exact.matches("user.deleted"))
        let prefix = EventSubscription(
            subscriber: "a", baseURL: "http://h", topicPatterns: ["user.*", "course.changed"])
        #expect(prefix.matches("user.changed") && prefix.matches("user.deleted") && prefix.matches("course.changed"))
        #expect(!prefix.matches("users.changed") && !prefix.matches("course.stats"))
        let everything = EventSubscription(subscriber: "a", baseURL: "http://h", topicPatterns: ["*"])
        #expect(everything.matches("payment.completed"))
    }

    @Test func badEntriesAreEachNamedWithTheirProblem() {
        let text = """
            catalog http://127.0.0.1:8102; Learning http://h user.*; billing ftp://h user.*; \
            x http://h user.*.changed; y http://h2 user.*; y http://h a,,b; y http://h3 user.*
            """
        #expect {
            try EventSubscription.parseList(text)
        } throws: { error in
            guard let error = error as? EventSubscription.ParseError else { return false }
            let problems = error.problems
            return problems.count == 6
                && problems[0].hasPrefix("entry 1 (\"catalog http://127.0.0.1:8102\"): must be \"name url")
                && problems[1].hasPrefix("entry 2 (") && problems[1].contains("the name \"Learning\"")
                && problems[2].contains("the URL \"ftp://h\"")
                && problems[3].contains("the topic pattern \"user.*.changed\"")
                && problems[4].hasPrefix("entry 6 (") && problems[4].contains("the topic pattern \"\"")
                && problems[5].hasPrefix("entry 7 (") && problems[5].contains("subscriber \"y\" is listed twice")
        }
    }

    @Test func configurationReportsBadSubscribersAndReadsDispatcherSettings() throws {
        var reader = ConfigurationReader(environment: [
            "IDENTITY_EVENT_SUBSCRIBERS": "catalog http://127.0.0.1:8102 user.*",
            "IDENTITY_OUTBOX_POLL_INTERVAL": "100ms", "IDENTITY_OUTBOX_MAX_ATTEMPTS": "5",
        ])
        let configuration = ServiceConfiguration(service: "identity", defaultPort: 8081, reader: &reader)
        try reader.finish()
        #expect(configuration.subscriptions.map(\.subscriber) == ["catalog"])
        #expect(configuration.outbox.pollInterval == .milliseconds(100) && configuration.outbox.maxAttempts == 5)
        let defaults = ServiceConfiguration(service: "identity", databaseURL: "postgres://u@127.0.0.1/db")
        #expect(defaults.outbox.pollInterval == .milliseconds(250) && defaults.outbox.maxAttempts == 15)
        #expect(defaults.outbox.backoff == RetryBackoff(base: .seconds(1), cap: .seconds(600)))

        var bad = ConfigurationReader(environment: [
            "IDENTITY_EVENT_SUBSCRIBERS": "catalog 127.0.0.1:8102 user.*",
            "IDENTITY_OUTBOX_POLL_INTERVAL": "soon", "IDENTITY_OUTBOX_MAX_ATTEMPTS": "0",
        ])
        _ = ServiceConfiguration(service: "identity", defaultPort: 8081, reader: &bad)
        #expect(throws: ConfigurationError.self) { try bad.finish() }
        #expect(
            bad.problems.map { String($0.prefix { $0 != ":" }) } == [
                "IDENTITY_EVENT_SUBSCRIBERS", "IDENTITY_OUTBOX_POLL_INTERVAL", "IDENTITY_OUTBOX_MAX_ATTEMPTS",
            ])
        #expect(bad.problems[0].contains("the URL \"127.0.0.1:8102\" must be an http or https URL"))
    }
}
