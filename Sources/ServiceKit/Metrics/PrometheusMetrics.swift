import Foundation
import HTTP
import Synchronization

/// Request counts and latency histograms per route, method and status, counters of other events (deliveries,
/// retries), plus gauges read when scraped, rendered in the Prometheus text format for `GET /metrics`.
public final class PrometheusMetrics: MetricsRecorder {
    /// Upper bounds of the latency buckets, in seconds.
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct SeriesKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct Series {
        var count = 0
        var sum = 0.0
        var buckets = [Int](repeating: 0, count: PrometheusMetrics.latencyBuckets.count)
    }

    /// A value read at scrape time.
    public struct Gauge: Sendable {
        let name: String
        let help: String
        let read: @Sendable () -> [(labels: [String: String], value: Double)]
    }

    private struct CounterKey: Hashable {
        var name: String
        var labels: [String: String]
    }

    private struct Counters {
        var help: [String: String] = [:]
        var values: [CounterKey: Double] = [:]
    }

    private let prefix: String
    private let series = Mutex<[SeriesKey: Series]>([:])
    private let counters = Mutex(Counters())
    private let gauges = Mutex<[Gauge]>([])

    /// Creates an empty registry; metric names start with `prefix` (e.g. `campus_`).
    public init(prefix: String = "campus_") {
        self.prefix = prefix
    }

    /// Records one finished request.
    public func record(route: String, method: HTTPMethod, status: Int, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        let key = SeriesKey(route: route, method: method.rawValue, status: status)
        series.withLock { all in
            var entry = all[key] ?? Series()
            entry.count += 1
            entry.sum += seconds
            if let index = Self.latencyBuckets.firstIndex(where: { seconds <= $0 }) { entry.buckets[index] += 1 }
            all[key] = entry
        }
    }

    /// Adds `amount` to the counter `name` (rendered as `<prefix><name>`) with these labels; the first call
    /// for a name sets its help text.
    public func increment(_ name: String, help: String, labels: [String: String] = [:], by amount: Double = 1) {
        let key = CounterKey(name: prefix + name, labels: labels)
        counters.withLock { counters in
            if counters.help[key.name] == nil { counters.help[key.name] = help }
            counters.values[key, default: 0] += amount
        }
    }

    /// The current value of a counter (0 if never incremented).
    public func counter(_ name: String, labels: [String: String] = [:]) -> Double {
        counters.withLock { $0.values[CounterKey(name: prefix + name, labels: labels)] ?? 0 }
    }

    /// Adds a gauge whose labelled values are read by `read` at every scrape.
    public func addGauge(
        _ name: String, help: String, _ read: @escaping @Sendable () -> [(labels: [String: String], value: Double)]
    ) {
        gauges.withLock { $0.append(Gauge(name: prefix + name, help: help, read: read)) }
    }

    /// Adds a gauge with one unlabelled value.
    public func addGauge(_ name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        addGauge(name, help: help) { [(labels: [:], value: read())] }
    }

    /// The whole registry in the Prometheus text exposition format (version 0.0.4).
    public func render() -> String {
        var out = ""
        let snapshot = series.withLock { $0 }.sorted {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }
        let requests = prefix + "http_requests_total"
        let latency = prefix + "http_request_duration_seconds"
        out += "# HELP \(requests) Requests handled, by route pattern, method and status.\n"
        out += "# TYPE \(requests) counter\n"
        for (key, entry) in snapshot {
            out += "\(requests){\(Self.labels(key))} \(entry.count)\n"
        }
        out += "# HELP \(latency) Time from routing to response, by route pattern, method and status.\n"
        out += "# TYPE \(latency) histogram\n"
        for (key, entry) in snapshot {
            var cumulative = 0
            for (index, bound) in Self.latencyBuckets.enumerated() {
                cumulative += entry.buckets[index]
                out += "\(latency)_bucket{\(Self.labels(key)),le=\"\(Self.number(bound))\"} \(cumulative)\n"
            }
            out += "\(latency)_bucket{\(Self.labels(key)),le=\"+Inf\"} \(entry.count)\n"
            out += "\(latency)_sum{\(Self.labels(key))} \(Self.number(entry.sum))\n"
            out += "\(latency)_count{\(Self.labels(key))} \(entry.count)\n"
        }
        let counterSnapshot = counters.withLock { $0 }
        for name in counterSnapshot.help.keys.sorted() {
            out += "# HELP \(name) \(counterSnapshot.help[name] ?? "")\n# TYPE \(name) counter\n"
            let values = counterSnapshot.values.filter { $0.key.name == name }
                .map { (labels: Self.labels($0.key.labels), value: $0.value) }.sorted { $0.labels < $1.labels }
            for (labels, value) in values {
                out += labels.isEmpty ? "\(name) \(Self.number(value))\n" : "\(name){\(labels)} \(Self.number(value))\n"
            }
        }
        for gauge in gauges.withLock({ $0 }) {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            for (labels, value) in gauge.read() {
                let text = Self.labels(labels)
                out +=
                    text.isEmpty
                    ? "\(gauge.name) \(Self.number(value))\n" : "\(gauge.name){\(text)} \(Self.number(value))\n"
            }
        }
        return out
    }

    private static func labels(_ key: SeriesKey) -> String {
        "route=\"\(escape(key.route))\",method=\"\(escape(key.method))\",status=\"\(key.status)\""
    }

    private static func labels(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",")
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
