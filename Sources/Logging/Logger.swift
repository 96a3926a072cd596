/// A minimal structured logger that writes one JSON object per line.
///
/// A line's members come in a fixed order: `time` (RFC 3339 UTC, milliseconds), `level`, `service`, `message`
/// (left out when empty), then the metadata sorted by key, then the fields sorted by key. A field replaces the
/// metadata or fixed member of the same name, and metadata a fixed member, so every key appears once. Lines go to
/// a `LogWriter` (standard output's unless told otherwise) or, for tests, to a sink.
public struct Logger: Sendable {
    /// Where finished lines go (the JSON text, without its newline).
    public typealias Sink = @Sendable (String) -> Void

    private enum Output: Sendable {
        case writer(LogWriter)
        case sink(Sink)
    }

    /// The `service` field of every line.
    public var service: String
    /// Lines below this level are dropped.
    public var minimumLevel: Level
    /// Fields added to every line (e.g. `requestId`).
    public var metadata: [String: String]
    private let output: Output

    /// Creates a logger; by default lines go to standard output (`LogWriter.standardOutput`).
    public init(service: String, minimumLevel: Level = .info, metadata: [String: String] = [:], sink: Sink? = nil) {
        self.service = service
        self.minimumLevel = minimumLevel
        self.metadata = metadata
        self.output = sink.map(Output.sink) ?? .writer(.standardOutput)
    }

    /// Creates a logger whose lines go to `writer`.
    public init(service: String, minimumLevel: Level = .info, metadata: [String: String] = [:], writer: LogWriter) {
        self.service = service
        self.minimumLevel = minimumLevel
        self.metadata = metadata
        self.output = .writer(writer)
    }

    /// Writes `message` with `fields` at `level`.
    public func log(_ level: Level, _ message: String, _ fields: [String: any Sendable] = [:]) {
        guard level >= minimumLevel else { return }
        let fields = fields.sorted { $0.key < $1.key }
        let metadata = metadata.sorted { $0.key < $1.key }
        func isReplaced(_ key: String) -> Bool {
            fields.contains { $0.key == key } || metadata.contains { $0.key == key }
        }
        var line = LogLine()
        if !isReplaced("time") { line.time("time") }
        if !isReplaced("level") { line.string("level", level.description) }
        if !isReplaced("service") { line.string("service", service) }
        if !message.isEmpty, !isReplaced("message") { line.string("message", message) }
        for (key, value) in metadata where !fields.contains(where: { $0.key == key }) { line.string(key, value) }
        for (key, value) in fields { line.value(key, value) }
        let bytes = line.finish()
        switch output {
        case .writer(let writer): writer.write(bytes)
        case .sink(let sink): sink(String(decoding: bytes.dropLast(), as: UTF8.self))
        }
    }

    /// Writes every line this logger's writer has taken so far (nothing to do with a sink).
    public func flush() {
        if case .writer(let writer) = output { writer.flush() }
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
