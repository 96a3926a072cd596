/// Path parameters captured by `:name` segments and a trailing `*`.
public struct Parameters: Sendable, Equatable {
    private var values: [(name: String, value: String)] = []

    /// Creates an empty set.
    public init() {}

    /// The percent-decoded value captured for `name`, or `nil`.
    public subscript(name: String) -> String? {
        values.first { $0.name == name }?.value
    }

    /// The value for `name` converted with `LosslessStringConvertible` (e.g. `Int`), or `nil`.
    public func get<T: LosslessStringConvertible>(_ name: String, as type: T.Type = T.self) -> T? {
        self[name].flatMap(T.init)
    }

    /// Whatever a trailing `*` matched, without its leading slash.
    public var catchAll: String? { self["*"] }

    mutating func set(_ name: String, _ value: String) {
        values.append((name, value))
    }

    mutating func removeLast() {
        values.removeLast()
    }

    /// Equal when the same names map to the same values in the same order.
    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
