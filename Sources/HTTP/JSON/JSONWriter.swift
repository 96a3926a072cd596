import Foundation

/// Encodes any `Encodable` value straight into JSON bytes, in one pass and without an intermediate tree: the
/// encoder of every body the services send (responses, problems, internal calls, events).
///
/// It writes what `JSONEncoder` writes with these differences: a `UUID` is a lower-case string, as every id on
/// the wire is; `/` is not escaped; keys appear in the order the type encodes them unless `sortsKeys`. Nil
/// optionals are left out (the synthesized `encodeIfPresent`), an explicit `encodeNil` writes `null`, and
/// infinite or NaN numbers are refused.
///
/// ```swift
/// let body = try JSONWriter().encode(page)
/// ```
public struct JSONWriter: Sendable {
    /// How a `Date` is written.
    public enum DateEncoding: Sendable {
        /// As the `Date` encodes itself: seconds since 2001-01-01 as a number (`JSONEncoder`'s default).
        case deferredToDate
        /// As RFC 3339 UTC text to the second, `"2026-11-21T10:00:00Z"` (`JSONEncoder`'s `.iso8601`).
        case iso8601
    }

    /// Whether each object's keys are written in byte order of their UTF-8 text instead of the order the type
    /// encodes them.
    public var sortsKeys: Bool
    /// How dates are written.
    public var dateEncoding: DateEncoding

    /// Creates a writer.
    public init(sortsKeys: Bool = false, dateEncoding: DateEncoding = .deferredToDate) {
        self.sortsKeys = sortsKeys
        self.dateEncoding = dateEncoding
    }

    /// The JSON text of `value`.
    /// - Parameter capacity: bytes to reserve up front, about the size expected.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number, a value that encodes nothing, or a
    ///   container used after its parent went on to another value.
    public func encode<T: Encodable>(_ value: T, capacity: Int = 1024) throws -> [UInt8] {
        let state = JSONWriterState(sortsKeys: sortsKeys, dateEncoding: dateEncoding, capacity: capacity)
        try state.encodeValue(value, key: nil)
        state.close(downTo: 0)
        if let failure = state.failure { throw failure }
        if state.bytes.isEmpty {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "\(T.self) encoded no value"))
        }
        return state.bytes
    }
}
