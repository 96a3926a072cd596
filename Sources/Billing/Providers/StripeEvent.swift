import Foundation

/// A webhook event from Stripe, read from its raw body: its id, type and time, and the object billing acts on.
///
/// ```swift
/// try StripeWebhook.verify(payload: body, header: request.headers["Stripe-Signature"], secrets: secrets, now: now)
/// let event = try StripeEvent(body: body)
/// ```
struct StripeEvent: Sendable, Equatable {
    /// What an event is about, by its type.
    enum Object: Sendable, Equatable {
        /// `payment_intent.*`: the intent as it was when the event happened.
        case paymentIntent(StripePaymentIntent)
        /// `charge.succeeded` and `charge.refunded`: the charge, with how much of it is refunded.
        case charge(StripeCharge)
        /// `refund.created`, `refund.updated` and `refund.failed`: the refund.
        case refund(StripeRefund)
        /// Any other type: billing only records it.
        case other
    }

    /// The largest body read (the webhook route refuses longer ones first).
    static let maxBodySize = 256 * 1024
    /// The deepest nesting of objects and arrays read; Stripe's events stay far below it.
    static let maxDepth = 32

    /// Stripe's id, `evt_…`: the same for every delivery of one event.
    let id: String
    /// The type, e.g. `payment_intent.succeeded`.
    let type: String
    /// When it happened, in unix seconds.
    let created: Int
    /// Its `data.object`, for the types billing reads.
    let object: Object

    /// Parses `body`.
    /// - Throws: `StripeEventError` when it is too large, too deep, not JSON, or lacks what its type needs.
    init(body: [UInt8]) throws(StripeEventError) {
        guard body.count <= Self.maxBodySize else { throw .tooLarge }
        guard Self.depth(of: body) <= Self.maxDepth else { throw .tooDeep }
        let decoder = JSONDecoder()
        let data = Data(body)
        let envelope: Envelope
        do {
            envelope = try decoder.decode(Envelope.self, from: data)
        } catch {
            throw .invalid("not an event: \(error)")
        }
        id = envelope.id
        type = envelope.type
        created = envelope.created
        do {
            switch Self.kind(of: envelope.type) {
            case "payment_intent":
                object = .paymentIntent(try Self.object(StripePaymentIntent.self, "payment_intent", in: data))
            case "charge":
                object = .charge(try Self.object(StripeCharge.self, "charge", in: data))
            case "refund":
                object = .refund(try Self.object(StripeRefund.self, "refund", in: data))
            default:
                object = .other
            }
        } catch let error as StripeEventError {
            throw error
        } catch {
            throw .invalid("\(envelope.type) without the expected data.object: \(error)")
        }
    }

    /// Which object an event type carries, for the types billing reads (`charge.dispute.*` carries a dispute).
    private static func kind(of type: String) -> String? {
        if type.hasPrefix("payment_intent.") { return "payment_intent" }
        if ["charge.succeeded", "charge.refunded"].contains(type) { return "charge" }
        if ["refund.created", "refund.updated", "refund.failed"].contains(type) { return "refund" }
        return nil
    }

    private static func object<T: Decodable>(_ type: T.Type, _ name: String, in data: Data) throws -> T {
        let wrapper = try JSONDecoder().decode(Wrapped<T>.self, from: data)
        guard wrapper.data.object.kind == name else {
            throw StripeEventError.invalid("data.object is a \(wrapper.data.object.kind), not a \(name)")
        }
        return wrapper.data.object.value
    }

    private struct Envelope: Decodable {
        let id: String
        let type: String
        let created: Int
    }

    private struct Wrapped<T: Decodable>: Decodable {
        struct Payload: Decodable {
            let object: Tagged
        }
        struct Tagged: Decodable {
            let kind: String
            let value: T
            private enum CodingKeys: String, CodingKey { case kind = "object" }
            init(from decoder: any Decoder) throws {
                kind = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .kind)
                value = try T(from: decoder)
            }
        }
        let data: Payload
    }

    /// The deepest nesting of `{` and `[` outside strings, counted without building anything.
    static func depth(of body: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        var isInString = false
        var isEscaped = false
        for byte in body {
            if isInString {
                if isEscaped {
                    isEscaped = false
                } else if byte == UInt8(ascii: "\\") {
                    isEscaped = true
                } else if byte == UInt8(ascii: "\"") {
                    isInString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): isInString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

/// Why a webhook body could not be read as a Stripe event.
struct StripeEventError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case tooLarge, tooDeep, invalid(String)
    }

    private let kind: Kind

    /// The body is longer than `StripeEvent.maxBodySize`.
    static let tooLarge = StripeEventError(kind: .tooLarge)
    /// Objects and arrays nest deeper than `StripeEvent.maxDepth`.
    static let tooDeep = StripeEventError(kind: .tooDeep)
    /// The body is not JSON, not an event, or its `data.object` is not what its type says (`reason` for logs).
    static func invalid(_ reason: String) -> StripeEventError { StripeEventError(kind: .invalid(reason)) }

    /// A generic summary.
    var description: String {
        switch kind {
        case .tooLarge: "the event is too large"
        case .tooDeep: "the event nests too deeply"
        case .invalid: "the body is not a Stripe event billing can read"
        }
    }

    /// The detail, for logs.
    var logDetail: String {
        if case .invalid(let reason) = kind { return reason }
        return description
    }
}
