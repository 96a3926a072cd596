import Foundation
import HTTP

/// Writes JSON text straight into bytes, for the search responses: a page of twenty courses is hot and large,
/// so it is written key by key, with no `Encodable` pass. Keys are written as given (plain ASCII); values are
/// spelled by `JSONText`, as in every other body.
struct SearchJSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the container being written already holds a value (so the next one needs a comma).
    private var hasValue: [Bool] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    mutating func beginObject(_ key: StaticString? = nil) { open(key, UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray(_ key: StaticString? = nil) { open(key, UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func string(_ key: StaticString?, _ value: String?) {
        next(key)
        guard let value else { return JSONText.appendNull(to: &bytes) }
        JSONText.appendString(value, to: &bytes)
    }

    mutating func string(_ value: String) { string(nil, value) }

    mutating func int(_ key: StaticString?, _ value: Int64?) {
        next(key)
        guard let value else { return JSONText.appendNull(to: &bytes) }
        JSONText.appendInteger(value, to: &bytes)
    }

    mutating func bool(_ key: StaticString?, _ value: Bool) {
        next(key)
        JSONText.appendBool(value, to: &bytes)
    }

    /// A number already in JSON form (e.g. PostgreSQL's text of a numeric).
    mutating func number(_ key: StaticString?, text: String) {
        next(key)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func null(_ key: StaticString?) {
        next(key)
        JSONText.appendNull(to: &bytes)
    }

    /// A UUID as a lower-case string.
    mutating func uuid(_ key: StaticString?, _ value: UUID) {
        next(key)
        JSONText.appendUUID(value, to: &bytes)
    }

    /// A 200 response with the bytes written as its `application/json` body.
    var response: Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .bytes(bytes))
    }

    private mutating func open(_ key: StaticString?, _ bracket: UInt8) {
        next(key)
        bytes.append(bracket)
        hasValue.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        hasValue.removeLast()
        bytes.append(bracket)
    }

    /// Writes the comma before a value when one is due, and the key inside an object.
    private mutating func next(_ key: StaticString?) {
        if let last = hasValue.indices.last {
            if hasValue[last] { bytes.append(UInt8(ascii: ",")) }
            hasValue[last] = true
        }
        guard let key else { return }
        bytes.append(UInt8(ascii: "\""))
        JSONText.appendASCII(key, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }
}
