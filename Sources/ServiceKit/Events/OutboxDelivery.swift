import Foundation

/// One event's delivery to one subscriber, as the admin list shows it.
public struct OutboxDelivery: Codable, Sendable, Equatable {
    /// The event's id.
    public var eventId: String
    /// The event's topic.
    public var topic: String
    /// The subscribing service.
    public var subscriber: String
    /// `pending`, `delivered` or `dead`.
    public var status: String
    /// Attempts made since it was created or last replayed.
    public var attempts: Int
    /// When the next attempt is due, RFC 3339; `nil` unless pending.
    public var nextAttemptAt: String?
    /// When the subscriber accepted it.
    public var deliveredAt: String?
    /// When it was dead-lettered.
    public var deadAt: String?
    /// Why the last attempt failed.
    public var lastError: String?
    /// When the event was written.
    public var createdAt: String

    private enum CodingKeys: String, CodingKey {
        case eventId, topic, subscriber, status, attempts, nextAttemptAt, deliveredAt, deadAt, lastError, createdAt
    }

    /// Encodes every field, absent ones as `null`, so each item has the same shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(topic, forKey: .topic)
        try container.encode(subscriber, forKey: .subscriber)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
        try container.encode(deadAt, forKey: .deadAt)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(createdAt, forKey: .createdAt)
    }

    /// The states an admin filters by.
    public enum Status: String, Sendable, CaseIterable {
        /// Not yet accepted, still retried.
        case pending
        /// Accepted by the subscriber.
        case delivered
        /// Given up on; only a replay sends it again.
        case dead
    }
}

/// A delivery a dispatcher has claimed (its lease runs) and is about to POST.
struct ClaimedDelivery: Sendable {
    var eventID: UUID
    var subscriber: String
    /// Attempts including this one.
    var attempts: Int
    var topic: String
    var payload: Data
    var createdAt: Date
}
