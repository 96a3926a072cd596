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
        if fields.count <= 1 {
            var line = start(level, message, fieldKeys: fields.keys)
            for (key, value) in fields { line.value(key, value) }
            emit(line)
        } else {
            let fields = fields.sorted { $0.key < $1.key }
            var line = start(level, message, fieldKeys: fields.lazy.map(\.key))
            for (key, value) in fields { line.value(key, value) }
            emit(line)
        }
    }

    /// Writes `message` at `level` with `fields` given in ascending order of their keys: the same line as
    /// `log(_:_:_:)` with a dictionary, for less (no hashing, sorting or casting), for lines written per request.
    public func log(_ level: Level, _ message: String, sortedFields fields: KeyValuePairs<String, LogValue>) {
        guard level >= minimumLevel else { return }
        var line = start(level, message, fieldKeys: fields.lazy.map(\.key))
        for (key, value) in fields { line.value(key, value) }
        emit(line)
    }

    /// A line with the fixed members and the metadata, less those that one of `fieldKeys` replaces.
    private func start(_ level: Level, _ message: String, fieldKeys: some Collection<String>) -> LogLine {
        var replaced: UInt8 = 0
        for key in fieldKeys { replaced |= Self.fixedMember(key) }
        for key in metadata.keys { replaced |= Self.fixedMember(key) }
        var line = LogLine()
        if replaced & 1 == 0 { line.time("time") }
        if replaced & 2 == 0 { line.string("level", level.description) }
        if replaced & 4 == 0 { line.string("service", service) }
        if !message.isEmpty, replaced & 8 == 0 { line.string("message", message) }
        if metadata.count <= 1 {
            for (key, value) in metadata where !fieldKeys.contains(key) { line.string(key, value) }
        } else {
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where !fieldKeys.contains(key) {
                line.string(key, value)
            }
        }
        return line
    }

    /// The bit of the fixed member named `key` (time 1, level 2, service 4, message 8), or 0.
    private static func fixedMember(_ key: String) -> UInt8 {
        // The length first: most keys are told apart without comparing text.
        switch key.utf8.count {
        case 4: key == "time" ? 1 : 0
        case 5: key == "level" ? 2 : 0
        case 7: key == "service" ? 4 : (key == "message" ? 8 : 0)
        default: 0
        }
    }

    private func emit(_ line: consuming LogLine) {
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
