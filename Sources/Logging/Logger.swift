import Foundation
import Glibc

/// A minimal structured logger that writes one JSON object per line.
public struct Logger: Sendable {
    /// Where finished lines go.
    public typealias Sink = @Sendable (String) -> Void

    /// The `service` field of every line.
    public var service: String
    /// Lines below this level are dropped.
    public var minimumLevel: Level
    /// Fields added to every line (e.g. `requestId`).
    public var metadata: [String: String]
    private let sink: Sink

    /// Creates a logger; by default lines go to standard output.
    public init(service: String, minimumLevel: Level = .info, metadata: [String: String] = [:], sink: Sink? = nil) {
        self.service = service
        self.minimumLevel = minimumLevel
        self.metadata = metadata
        self.sink =
            sink ?? { line in
                var line = line + "\n"
                // One write per line keeps lines from different threads whole.
                line.withUTF8 { _ = Glibc.write(1, $0.baseAddress, $0.count) }
            }
    }

    /// Writes `message` with `fields` at `level`.
    public func log(_ level: Level, _ message: String, _ fields: [String: any Sendable] = [:]) {
        guard level >= minimumLevel else { return }
        var object: [String: Any] = ["time": Self.timestamp(), "level": level.description, "service": service]
        if !message.isEmpty { object["message"] = message }
        for (key, value) in metadata { object[key] = value }
        for (key, value) in fields {
            switch value {
            case let value as String: object[key] = value
            case let value as Int: object[key] = value
            case let value as Double: object[key] = value
            case let value as Bool: object[key] = value
            default: object[key] = String(describing: value)
            }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }

    /// Writes at `info`.
    public func info(_ message: String, _ fields: [String: any Sendable] = [:]) { log(.info, message, fields) }
    /// Writes at `warning`.
    public func warning(_ message: String, _ fields: [String: any Sendable] = [:]) { log(.warning, message, fields) }
    /// Writes at `error`.
    public func error(_ message: String, _ fields: [String: any Sendable] = [:]) { log(.error, message, fields) }
    /// Writes at `debug`.
    public func debug(_ message: String, _ fields: [String: any Sendable] = [:]) { log(.debug, message, fields) }

    /// The current time as RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))."
            + "\(pad(now.tv_nsec / 1_000_000, 3))Z"
    }
}
