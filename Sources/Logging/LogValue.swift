/// The value of a field given to `Logger.log(_:_:sortedFields:)`: a JSON string, number or boolean.
public enum LogValue: Sendable, Equatable {
    /// A JSON string.
    case string(String)
    /// A JSON integer.
    case int(Int)
    /// A JSON number (`null` when not finite).
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
}
