import Foundation

/// A service that receives some of this service's events: its name (the `subscriber` of its deliveries), the
/// base URL its `/internal/v1/events` hangs off, and the topics it wants.
///
/// A topic pattern is a topic (`user.changed`) or a prefix ending in `*` (`user.*` matches `user.changed` and
/// `user.deleted`; `*` matches everything). Read from `<SERVICE>_EVENT_SUBSCRIBERS`, entries separated by `;`:
/// `catalog http://127.0.0.1:8102 user.changed,user.deleted; learning http://127.0.0.1:8103 user.*`.
public struct EventSubscription: Sendable, Equatable {
    /// The subscriber's name, e.g. `catalog`.
    public var subscriber: String
    /// The subscriber's base URL without a trailing `/`, e.g. `http://127.0.0.1:8102`.
    public var baseURL: String
    /// Topics and `*`-terminated prefixes.
    public var topicPatterns: [String]

    /// Creates a subscription; `baseURL` loses any trailing `/`.
    public init(subscriber: String, baseURL: String, topicPatterns: [String]) {
        self.subscriber = subscriber
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.topicPatterns = topicPatterns
    }

    /// Where events are POSTed.
    public var eventsURL: String { baseURL + "/internal/v1/events" }

    /// Whether the subscriber wants events of `topic`.
    public func matches(_ topic: String) -> Bool {
        topicPatterns.contains { pattern in
            pattern.hasSuffix("*") ? topic.hasPrefix(pattern.dropLast()) : topic == pattern
        }
    }

    /// What is wrong with a `<SERVICE>_EVENT_SUBSCRIBERS` value: one line per bad entry.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// One problem per line, naming the entry.
        public var problems: [String]

        /// The problems, separated by `; `.
        public var description: String { problems.joined(separator: "; ") }
    }

    /// Parses a list of `name url pattern,pattern…` entries separated by `;` (empty entries are skipped);
    /// throws every problem at once.
    public static func parseList(_ text: String) throws(ParseError) -> [EventSubscription] {
        var subscriptions: [EventSubscription] = []
        var problems: [String] = []
        let entries = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        for (index, entry) in entries.enumerated() {
            let label = "entry \(index + 1) (\"\(entry.prefix(80))\")"
            switch parse(entry) {
            case .success(let subscription):
                if subscriptions.contains(where: { $0.subscriber == subscription.subscriber }) {
                    problems.append("\(label): subscriber \"\(subscription.subscriber)\" is listed twice")
                } else {
                    subscriptions.append(subscription)
                }
            case .failure(let problem):
                problems.append("\(label): \(problem.description)")
            }
        }
        if !problems.isEmpty { throw ParseError(problems: problems) }
        return subscriptions
    }

    private struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func parse(_ entry: String) -> Result<EventSubscription, Problem> {
        let fields = entry.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 3 else {
            return .failure(
                Problem("must be \"name url topic,topic…\" (3 fields separated by spaces), not \(fields.count)"))
        }
        let (name, url, topics) = (fields[0], fields[1], fields[2])
        guard isName(name) else {
            return .failure(Problem("the name \"\(name)\" must be 1 to 63 lower-case letters, digits, - or _"))
        }
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil,
            components.user == nil, components.password == nil
        else {
            return .failure(Problem("the URL \"\(url)\" must be an http or https URL without query or user"))
        }
        let patterns = topics.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if let bad = patterns.first(where: { !isPattern($0) }) {
            return .failure(
                Problem(
                    "the topic pattern \"\(bad)\" must be a topic such as user.changed or a prefix ending in *"))
        }
        return .success(EventSubscription(subscriber: name, baseURL: url, topicPatterns: patterns))
    }

    private static func isName(_ text: String) -> Bool {
        (1...63).contains(text.utf8.count)
            && text.utf8.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F
            }
    }

    private static func isPattern(_ text: String) -> Bool {
        let body = text.hasSuffix("*") ? text.dropLast() : Substring(text)
        guard body.utf8.count <= 100, !body.isEmpty || text == "*" else { return false }
        return body.utf8.allSatisfy {
            (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F
        }
    }
}
