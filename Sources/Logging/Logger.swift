import Foundation
import Glibc
import Time

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
        var object: [String: Any] = [
            "time": RFC3339.string(Date(), fractionDigits: 3), "level": level.description, "service": service,
        ]
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
}
