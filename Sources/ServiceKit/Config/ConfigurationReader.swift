import Foundation

/// Reads typed settings from environment variables, collecting every problem instead of stopping at the
/// first, so start-up can name all missing or invalid variables at once.
///
/// ```swift
/// var reader = ConfigurationReader(environment: ProcessInfo.processInfo.environment)
/// let port = reader.port("IDENTITY_PORT", default: 8081)
/// let url = reader.string("IDENTITY_DATABASE_URL")
/// try reader.finish()
/// ```
public struct ConfigurationReader: Sendable {
    /// The variables read from.
    public let environment: [String: String]
    /// The problems found so far, one line each.
    public private(set) var problems: [String] = []

    /// Creates a reader over `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    private func raw(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// Records a problem found by the caller's own checks.
    public mutating func report(_ name: String, _ problem: String) {
        problems.append("\(name): \(problem)")
    }

    /// A required string, or `default` when unset; a missing required one is a problem (and returns "").
    public mutating func string(_ name: String, default defaultValue: String? = nil) -> String {
        if let value = raw(name) { return value }
        if let defaultValue { return defaultValue }
        report(name, "is required")
        return ""
    }

    /// An optional string; `nil` when unset.
    public func optionalString(_ name: String) -> String? { raw(name) }

    /// An integer within `range`, or `default` when unset.
    public mutating func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int> = Int.min...Int.max)
        -> Int
    {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            report(name, "must be an integer in \(range.lowerBound)...\(range.upperBound), not \"\(text)\"")
            return defaultValue
        }
        return value
    }

    /// A TCP port (1–65535; 0 when `allowsZero`), or `default` when unset.
    public mutating func port(_ name: String, default defaultValue: UInt16, allowsZero: Bool = false) -> UInt16 {
        UInt16(int(name, default: Int(defaultValue), range: (allowsZero ? 0 : 1)...65535))
    }

    /// A boolean (`true/false/1/0/yes/no`), or `default` when unset.
    public mutating func bool(_ name: String, default defaultValue: Bool) -> Bool {
        guard let text = raw(name) else { return defaultValue }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            report(name, "must be true or false, not \"\(text)\"")
            return defaultValue
        }
    }

    /// A duration in whole seconds (`90`, or with a unit: `90s`, `15m`, `2h`, `30d`) or milliseconds (`250ms`),
    /// or `default` when unset.
    public mutating func duration(_ name: String, default defaultValue: Duration) -> Duration {
        guard let text = raw(name) else { return defaultValue }
        guard let duration = Self.duration(text), duration > .zero else {
            report(name, "must be a positive duration such as 250ms, 90, 90s, 15m, 2h or 30d, not \"\(text)\"")
            return defaultValue
        }
        return duration
    }

    /// One of `allowed`, or `default` when unset.
    public mutating func choice(_ name: String, _ allowed: [String], default defaultValue: String) -> String {
        guard let text = raw(name) else { return defaultValue }
        guard allowed.contains(text) else {
            report(name, "must be one of \(allowed.joined(separator: ", ")), not \"\(text)\"")
            return defaultValue
        }
        return text
    }

    /// A comma-separated list (empty when unset).
    public func list(_ name: String) -> [String] {
        (raw(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Throws a `ConfigurationError` listing every problem, if there were any.
    public func finish() throws(ConfigurationError) {
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }

    static func duration(_ text: String) -> Duration? {
        if text.hasSuffix("ms") { return Int64(text.dropLast(2)).map { .milliseconds($0) } }
        return seconds(text).map { .seconds($0) }
    }

    static func seconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let last = text.last, let unit = units[last] {
            guard let value = Int64(text.dropLast()) else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit)
            return overflow ? nil : product
        }
        return Int64(text)
    }
}

/// Start-up settings that are missing or invalid, all of them.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// One line per problem, e.g. `IDENTITY_PORT: must be an integer …`.
    public let problems: [String]

    /// Creates the error.
    public init(problems: [String]) { self.problems = problems }

    /// Every problem on its own line.
    public var description: String {
        "invalid configuration:\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}
