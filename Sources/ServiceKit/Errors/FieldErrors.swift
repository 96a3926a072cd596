import HTTP

/// Collects field errors while checking a request, then throws them together as one 400.
///
/// ```swift
/// var errors = FieldErrors()
/// errors.check(name.count <= 100, "name", "must be at most 100 characters")
/// try errors.throwIfAny()
/// ```
public struct FieldErrors: Sendable {
    /// The problems found so far.
    public private(set) var items: [FieldError] = []

    /// Creates an empty collection.
    public init() {}

    /// Records `message` for `field` unless `condition` holds.
    public mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { items.append(FieldError(field: field, message: message)) }
    }

    /// Records a problem.
    public mutating func add(_ field: String, _ message: String) {
        items.append(FieldError(field: field, message: message))
    }

    /// Adds problems found elsewhere.
    public mutating func add(contentsOf errors: [FieldError]) { items += errors }

    /// Whether nothing was recorded.
    public var isEmpty: Bool { items.isEmpty }

    /// Throws `RequestError.validation` with every problem, if there are any.
    public func throwIfAny() throws {
        if !items.isEmpty { throw RequestError.validation(items) }
    }
}
