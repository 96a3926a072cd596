import Crypto
import Foundation
import HTTP
import TestSupport
import Testing

@testable import Billing

/// `Stripe-Signature` checks with signatures made here, and on webhooks the Stripe fake really delivered.
@Suite("Stripe webhook signatures")
struct StripeWebhookSignatureTests {
    static let body = Array(#"{"id":"evt_1","object":"event"}"#.utf8)
    static let secret = "whsec_vector"
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    /// `t=<t>,v1=<HMAC-SHA256 of "<t>.<body>" under secret>`, made with our Crypto module.
    static func header(_ body: [UInt8] = body, secret: String = secret, at time: Int = 1_700_000_000) -> String {
        "t=\(time),v1=" + signature(body, secret: secret, at: time)
    }

    static func signature(_ body: [UInt8], secret: String, at time: Int) -> String {
        Hex.encode(HMACSHA256.authenticationCode(for: Array("\(time).".utf8) + body, key: Array(secret.utf8)))
    }

    static func verify(
        _ header: String?, body: [UInt8] = body, secrets: [String] = [secret], now: Date = now, tolerance: Int = 300
    ) -> StripeSignatureError? {
        do {
            try StripeWebhook.verify(payload: body, header: header, secrets: secrets, now: now, tolerance: tolerance)
            return nil
        } catch {
            return error
        }
    }

    @Test func aSignatureFromStripesDocumentedRecipeIsAccepted() {
        // Computed outside Swift: hmac.new(b"whsec_vector", b"1700000000." + body, hashlib.sha256).hexdigest()
        let known = "054fb216ec215036ac666fdcd7b515d9e87d75ea9803c1d5e36b049f004192ec"
        #expect(Self.signature(Self.body, secret: Self.secret, at: 1_700_000_000) == known)
        #expect(Self.verify("t=1700000000,v1=" + known) == nil)
        #expect(Self.verify("t=1700000000,v1=" + known.uppercased()) == nil)
        #expect(Self.verify(" t=1700000000 , v1=\(known) ") == nil)
    }

    @Test func duringARotationEitherSecretIsAccepted() {
        let old = "whsec_old"
        let new = "whsec_new"
        let signedWithNew = Self.header(secret: new)
        #expect(Self.verify(signedWithNew, secrets: [old, new]) == nil)
        #expect(Self.verify(signedWithNew, secrets: [new, old]) == nil)
        #expect(Self.verify(signedWithNew, secrets: [old]) == .mismatch)
        #expect(Self.verify(signedWithNew, secrets: []) == .mismatch)
        #expect(Self.verify(signedWithNew, secrets: [""]) == .mismatch)
    }

    @Test func anyOfSeveralV1EntriesMayMatchAndV0IsIgnored() {
        let good = Self.signature(Self.body, secret: Self.secret, at: 1_700_000_000)
        let other = Self.signature(Self.body, secret: "whsec_other", at: 1_700_000_000)
        #expect(Self.verify("t=1700000000,v1=\(other),v1=\(good)") == nil)
        #expect(Self.verify("t=1700000000,v1=\(good),v1=\(other)") == nil)
        #expect(Self.verify("t=1700000000,v0=\(other),v1=\(good),scheme=x") == nil)
        #expect(Self.verify("t=1700000000,v1=\(other),v1=\(other)") == .mismatch)
        #expect(Self.verify("t=1700000000,v0=\(good)") == .missing)
    }

    @Test func timestampsFurtherThanTheToleranceEitherWayAreStale() {
        let at = 1_700_000_000
        for (offset, isAccepted) in [(0, true), (300, true), (-300, true), (301, false), (-301, false)] {
            let header = Self.header(at: at + offset)
            #expect(Self.verify(header) == (isAccepted ? nil : .stale), "offset \(offset)")
        }
        #expect(Self.verify(Self.header(at: at - 1_000), tolerance: 1_000) == nil)
        #expect(Self.verify(Self.header(at: at - 1), tolerance: 0) == .stale)
        #expect(Self.verify(Self.header(at: 1)) == .stale)
        #expect(Self.verify(Self.header(at: 999_999_999_999)) == .stale)
    }

    @Test func aChangedBodyOrTimestampIsAMismatch() {
        let header = Self.header()
        #expect(Self.verify(header, body: Array(#"{"id":"evt_2","object":"event"}"#.utf8)) == .mismatch)
        #expect(Self.verify(header, body: Self.body + [0x20]) == .mismatch)
        #expect(Self.verify(header, body: []) == .mismatch)
        let signature = Self.signature(Self.body, secret: Self.secret, at: 1_700_000_000)
        #expect(Self.verify("t=1700000001,v1=\(signature)") == .mismatch)
        #expect(Self.verify("t=01700000000,v1=\(signature)") == .mismatch)
    }

    @Test func headersWithoutTOrV1AreMissing() {
        let signature = Self.signature(Self.body, secret: Self.secret, at: 1_700_000_000)
        for header in [nil, "", "t=1700000000", "v1=\(signature)", "x=1,y=2"] {
            #expect(Self.verify(header) == .missing, "\(header ?? "nil")")
        }
    }

    @Test func malformedAndHugeHeadersAreRefused() {
        let signature = Self.signature(Self.body, secret: Self.secret, at: 1_700_000_000)
        let headers = [
            "garbage", "t=abc,v1=\(signature)", "t=-1700000000,v1=\(signature)", "t=,v1=\(signature)",
            "t=1700000000,v1=\(signature.dropLast())", "t=1700000000,v1=\(signature)00",
            "t=1700000000,v1=\(signature.dropLast())z", "t=1700000000,v1=", "t=1700000000,,v1=\(signature)",
            "t=1700000000,v1=\(signature),", "t=1,t=1700000000,v1=\(signature)", "=1,t=1700000000,v1=\(signature)",
            "t=1700000000,v1=\(signature)" + String(repeating: ",v0=ab", count: 400),
            "t=1700000000" + String(repeating: ",v1=\(signature)", count: 9),
            "t=1700000000\u{0},v1=\(signature)", "t=١٧٠٠٠٠٠٠٠٠,v1=\(signature)",
            String(repeating: "t", count: 1 << 20),
        ]
        for header in headers {
            #expect(Self.verify(header) == .malformed, "\(header.prefix(80))")
        }
    }

    @Test func everyReasonHasItsOwnDescription() {
        let reasons: [StripeSignatureError] = [.missing, .malformed, .stale, .mismatch]
        #expect(Set(reasons.map(\.description)).count == 4)
    }

    @Test func webhooksTheFakeDeliversVerifyUnderEachOfItsSecrets() async throws {
        let secrets = ["whsec_campus_old", "whsec_campus_new"]
        try await WebhookInbox.with { inbox in
            try await StripeFake.with(webhookSecrets: secrets, webhookURL: inbox.url) { fake in
                let stripe = fake.client()
                let intent = try await stripe.createPaymentIntent(
                    amount: 700, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
                try await fake.succeed(intent.id)
                let deliveries = try await inbox.wait(for: 3)
                try #require(deliveries.count == 3, "the fake delivered \(deliveries.count): \(fake.fake.errors)")
                let recorded = try await fake.events().flatMap(\.attempts).map(\.signature)
                for delivery in deliveries {
                    let header = delivery.headers["Stripe-Signature"]
                    #expect(header.map { recorded.contains($0) } == true)
                    #expect(header?.components(separatedBy: ",v1=").count == 3)
                    for secrets in [secrets, [secrets[0]], [secrets[1]], ["whsec_wrong", secrets[1]]] {
                        #expect(Self.verify(header, body: delivery.body, secrets: secrets, now: Date()) == nil)
                    }
                    #expect(
                        Self.verify(header, body: delivery.body, secrets: ["whsec_wrong"], now: Date()) == .mismatch)
                    #expect(
                        Self.verify(header, body: delivery.body, secrets: secrets, now: Date() + 3600) == .stale)
                    var tampered = delivery.body
                    tampered[tampered.count / 2] ^= 0x01
                    #expect(Self.verify(header, body: tampered, secrets: secrets, now: Date()) == .mismatch)
                }
            }
        }
    }

    @Test func anEventResentWithAnOldTimestampIsStale() async throws {
        try await WebhookInbox.with { inbox in
            try await StripeFake.with(webhookURL: inbox.url) { fake in
                _ = try await fake.client().createPaymentIntent(
                    amount: 700, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
                _ = try await inbox.wait(for: 1)
                let event = try #require(try await fake.events().first)
                let old = Int(Date().timeIntervalSince1970) - 3_600
                try await fake.resend(event.id, timestamp: old)
                let deliveries = try await inbox.wait(for: 2)
                try #require(deliveries.count == 2)
                let resent = deliveries[1]
                #expect(resent.body == deliveries[0].body)
                #expect(resent.headers["Stripe-Signature"]?.hasPrefix("t=\(old),") == true)
                let secrets = [StripeFake.webhookSecret]
                #expect(
                    Self.verify(resent.headers["Stripe-Signature"], body: resent.body, secrets: secrets, now: Date())
                        == .stale)
                #expect(
                    Self.verify(
                        resent.headers["Stripe-Signature"], body: resent.body, secrets: secrets,
                        now: Date(timeIntervalSince1970: TimeInterval(old + 10))) == nil)
            }
        }
    }
}

/// Events read from the bodies the Stripe fake delivers, and hostile bodies that must be refused, never crash.
@Suite("Stripe events")
struct StripeEventTests {
    static let intentBody = #"""
        {"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "created": 1700000000,
         "data": {"object": {"id": "pi_1", "object": "payment_intent", "amount": 700, "amount_received": 700,
          "currency": "usd", "status": "succeeded", "client_secret": "pi_1_secret_x",
          "metadata": {"payment_id": "0190b2c4-5d6e-7f80-9a1b-2c3d4e5f6a7b"}, "last_payment_error": null,
          "unknown_field": {"nested": [1, 2, {"deeper": true}]}}},
         "livemode": false, "request": {"id": null, "idempotency_key": null}}
        """#

    static func parse(_ text: String) -> Result<StripeEvent, StripeEventError> {
        parse(Array(text.utf8))
    }

    static func parse(_ bytes: [UInt8]) -> Result<StripeEvent, StripeEventError> {
        do {
            return .success(try StripeEvent(body: bytes))
        } catch {
            return .failure(error)
        }
    }

    @Test func aPaymentIntentEventCarriesTheIntent() throws {
        let event = try Self.parse(Self.intentBody).get()
        #expect(event.id == "evt_1" && event.type == "payment_intent.succeeded" && event.created == 1_700_000_000)
        guard case .paymentIntent(let intent) = event.object else {
            Issue.record("not an intent: \(event.object)")
            return
        }
        #expect(intent.id == "pi_1" && intent.status == .succeeded && intent.amountReceived == 700)
        #expect(intent.paymentID == UUID(text: "0190b2c4-5d6e-7f80-9a1b-2c3d4e5f6a7b"))
    }

    @Test func everyEventTypeTheFakeSendsIsRead() async throws {
        try await WebhookInbox.with { inbox in
            try await StripeFake.with(webhookURL: inbox.url) { fake in
                let stripe = fake.client()
                let paymentID = UUID()
                let paid = try await stripe.createPaymentIntent(
                    amount: 5000, currency: "usd", paymentID: paymentID, description: "Course", receiptEmail: nil)
                try await fake.fail(paid.id, message: "Your card was declined.")
                try await fake.succeed(paid.id)
                let partID = UUID()
                _ = try await stripe.refund(paymentIntent: paid.id, amount: 1500, refundID: partID)
                try await fake.script(StripeFake.Script(refundStatus: "pending"))
                let pending = try await stripe.refund(paymentIntent: paid.id, amount: 3500, refundID: UUID())
                try await fake.settleRefund(pending.id, status: "succeeded")
                let dropped = try await stripe.createPaymentIntent(
                    amount: 900, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
                _ = try await stripe.cancelPaymentIntent(dropped.id)

                let expected = try await fake.events().count
                let deliveries = try await inbox.wait(for: expected)
                try #require(deliveries.count == expected && expected == 11, "\(deliveries.count) of \(expected)")
                var byType: [String: [StripeEvent]] = [:]
                for delivery in deliveries {
                    try StripeWebhook.verify(
                        payload: delivery.body, header: delivery.headers["Stripe-Signature"],
                        secrets: [StripeFake.webhookSecret], now: Date())
                    let event = try Self.parse(delivery.body).get()
                    #expect(event.id.hasPrefix("evt_") && event.created > 1_700_000_000)
                    byType[event.type, default: []].append(event)
                }
                let intents = byType.values.flatMap { $0 }.compactMap { event -> (String, StripePaymentIntent)? in
                    if case .paymentIntent(let intent) = event.object { return (event.type, intent) }
                    return nil
                }
                let failed = try #require(intents.first { $0.0 == "payment_intent.payment_failed" }?.1)
                #expect(failed.id == paid.id && failed.lastPaymentErrorMessage == "Your card was declined.")
                #expect(failed.paymentID == paymentID)
                let succeeded = try #require(intents.first { $0.0 == "payment_intent.succeeded" }?.1)
                #expect(
                    succeeded.status == .succeeded && succeeded.amountReceived == 5000 && succeeded.currency == "usd")
                let canceled = try #require(intents.first { $0.0 == "payment_intent.canceled" }?.1)
                #expect(canceled.id == dropped.id && canceled.status == .canceled)
                #expect(intents.filter { $0.0 == "payment_intent.created" }.count == 2)

                let charges = (byType["charge.refunded"] ?? []).compactMap { event -> StripeCharge? in
                    if case .charge(let charge) = event.object { return charge }
                    return nil
                }
                #expect(charges.map(\.amountRefunded) == [1500, 5000])
                #expect(charges.map(\.isRefunded) == [false, true])
                #expect(charges.allSatisfy { $0.paymentIntent == paid.id && $0.amount == 5000 })
                if case .charge(let charge) = byType["charge.succeeded"]?.first?.object {
                    #expect(charge.amountRefunded == 0 && charge.currency == "usd")
                } else {
                    Issue.record("charge.succeeded carries no charge")
                }

                let refunds = (byType["refund.created"] ?? []) + (byType["refund.updated"] ?? [])
                let read = refunds.compactMap { event -> StripeRefund? in
                    if case .refund(let refund) = event.object { return refund }
                    return nil
                }
                #expect(read.map(\.status) == [.succeeded, .pending, .succeeded])
                #expect(read.first?.refundID == partID && read.first?.amount == 1500)
                #expect(read.allSatisfy { $0.paymentIntent == paid.id })
            }
        }
    }

    @Test func anUnknownTypeIsReadWithJustItsIdAndType() throws {
        let event = try Self.parse(
            #"{"id":"evt_9","type":"customer.created","created":1,"data":{"object":{"id":"cus_1","object":"customer"}}}"#
        ).get()
        #expect(event.id == "evt_9" && event.type == "customer.created" && event.object == .other)
        let dispute = try Self.parse(
            #"{"id":"evt_8","type":"charge.dispute.created","created":1,"data":{"object":{"object":"dispute"}}}"#
        ).get()
        #expect(dispute.object == .other)
    }

    @Test func deepNestingIsRefusedWithoutRecursing() throws {
        let open = String(repeating: "[", count: 10_000)
        let close = String(repeating: "]", count: 10_000)
        let deep = #"{"id":"evt_1","type":"x","created":1,"data":"# + open + close + "}"
        #expect(Self.parse(deep) == .failure(.tooDeep))
        let objects = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(Self.parse(objects) == .failure(.tooDeep))
        let unclosed = #"{"id":"evt_1","type":"x","created":1,"data":"# + open
        #expect(Self.parse(unclosed) == .failure(.tooDeep))
        let inString = #"{"id":"evt_1","type":"x","created":1,"note":""# + open + #"\"]"}"#
        #expect(try Self.parse(inString).get().object == .other)
    }

    @Test func hostileBodiesAreRefusedNotCrashedOn() {
        let bodies: [[UInt8]] = [
            [], Array("null".utf8), Array("[]".utf8), Array("\"evt\"".utf8), [0xFF, 0xFE, 0x00, 0x7B],
            Array(#"{"id":"evt_1\#u{0}","type":"x","created":1}"#.utf8),
            [0x00] + Array(#"{"id":"evt_1","type":"x","created":1}"#.utf8),
            Array(#"{"id":"evt_1","type":"x","created":"yesterday"}"#.utf8),
            Array(#"{"id":12,"type":"x","created":1}"#.utf8),
            Array(#"{"id":"evt_1","type":null,"created":1}"#.utf8),
            Array(#"{"id":"evt_1","type":"x","created":1e400}"#.utf8),
            Array(#"{"id":"evt_1","type":"x","created":1.5}"#.utf8),
            Array(#"{"id":"evt_1","type":"payment_intent.succeeded","created":1}"#.utf8),
            Array(#"{"id":"evt_1","type":"payment_intent.succeeded","created":1,"data":{"object":[]}}"#.utf8),
            Array(Self.intentBody.replacingOccurrences(of: #""amount": 700"#, with: #""amount": "700""#).utf8),
            Array(
                Self.intentBody.replacingOccurrences(of: #""object": "payment_intent""#, with: #""object": "charge""#)
                    .utf8),
            Array(Self.intentBody.replacingOccurrences(of: #""status": "succeeded""#, with: #""status": 3"#).utf8),
            Array(Self.intentBody.dropLast(20).utf8),
        ]
        for body in bodies {
            guard case .failure(let error) = Self.parse(body) else {
                Issue.record("accepted \(String(decoding: body.prefix(80), as: UTF8.self))")
                continue
            }
            #expect(error.description.isEmpty == false)
        }
    }

    @Test func anEscapedNULInsideAStringIsJustACharacter() throws {
        let event = try Self.parse(#"{"id":"evt_\u0000x","type":"x","created":1}"#).get()
        #expect(event.id == "evt_\u{0}x")
    }

    @Test func aBodyLargerThanTheRouteAllowsIsRefusedBeforeParsing() throws {
        let padding = String(repeating: "a", count: StripeEvent.maxBodySize)
        #expect(Self.parse(#"{"id":"evt_1","type":"x","created":1,"pad":""# + padding + #""}"#) == .failure(.tooLarge))
        let fits = #"{"id":"evt_1","type":"x","created":1,"pad":""#
        let filler = String(repeating: "a", count: StripeEvent.maxBodySize - fits.utf8.count - 2)
        #expect(try Self.parse(fits + filler + #""}"#).get().id == "evt_1")
    }

    @Test func randomlyDamagedEventsNeverCrashTheParser() {
        var random = SplitMix64(seed: 0x5EED)
        let original = Array(Self.intentBody.utf8)
        let damage: [UInt8] = Array(#"{}[]",:\0e-."#.utf8) + [0x00, 0xFF, 0xC3]
        var accepted = 0
        for _ in 0..<3_000 {
            var body = original
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let index = Int(random.next() % UInt64(body.count))
                switch random.next() % 4 {
                case 0: body[index] = damage[Int(random.next() % UInt64(damage.count))]
                case 1: body.remove(at: index)
                case 2: body.insert(damage[Int(random.next() % UInt64(damage.count))], at: index)
                default: body = Array(body.prefix(index + 1))
                }
                if body.isEmpty { body = [0x7B] }
            }
            if case .success = Self.parse(body) { accepted += 1 }
        }
        #expect(accepted < 3_000)
    }
}

/// A small seeded generator (SplitMix64), so the damage is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
