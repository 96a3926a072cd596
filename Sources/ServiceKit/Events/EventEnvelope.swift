import Foundation
import HTTP

/// An event as it travels from a producer's outbox to a consumer's `/internal/v1/events`:
/// `{"id", "topic", "source", "occurredAt", "payload"}`.
public struct EventEnvelope: Sendable, Equatable {
    /// The event's id (UUIDv7), the consumer's de-duplication key.
    public var id: UUID
    /// What happened, e.g. `user.changed`.
    public var topic: String
    /// The producing service.
    public var source: String
    /// When the event was written, RFC 3339 UTC.
    public var occurredAt: String
    /// The payload, JSON.
    public var payload: Data

    /// Creates an envelope.
    public init(id: UUID, topic: String, source: String, occurredAt: String, payload: Data) {
        self.id = id
        self.topic = topic
        self.source = source
        self.occurredAt = occurredAt
        self.payload = payload
    }

    /// The payload decoded as `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: payload)
    }

    /// The envelope as JSON (the payload embedded as is).
    public func jsonData() -> Data {
        var data = Data()
        data.append(contentsOf: #"{"id":""#.utf8)
        data.append(contentsOf: id.lowercased.utf8)
        data.append(contentsOf: #"","topic":"#.utf8)
        data.append(Self.quoted(topic))
        data.append(contentsOf: #","source":"#.utf8)
        data.append(Self.quoted(source))
        data.append(contentsOf: #","occurredAt":"#.utf8)
        data.append(Self.quoted(occurredAt))
        data.append(contentsOf: #","payload":"#.utf8)
        data.append(payload)
        data.append(contentsOf: "}".utf8)
        return data
    }

    /// Parses an envelope; `nil` if it is not one.
    public init?(json: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
            let id = (object["id"] as? String).flatMap(UUID.init(uuidString:)),
            let topic = object["topic"] as? String, !topic.isEmpty, topic.utf8.count <= 100,
            let source = object["source"] as? String, !source.isEmpty, source.utf8.count <= 100,
            let occurredAt = object["occurredAt"] as? String,
            let payload = object["payload"], JSONSerialization.isValidJSONObject(payload),
            let payloadData = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        else { return nil }
        self.init(id: id, topic: topic, source: source, occurredAt: occurredAt, payload: payloadData)
    }

    private static func quoted(_ text: String) -> Data {
        var bytes: [UInt8] = []
        JSONText.appendString(text, to: &bytes)
        return Data(bytes)
    }
}
