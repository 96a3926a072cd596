import Contracts
import Foundation
import HTTP
import TestSupport
import Testing

@testable import Billing

/// Our Stripe client against the Stripe fake over HTTPS, its certificate verified against the test CA.
@Suite("Stripe client", .timeLimit(.minutes(2)))
struct StripeClientTests {
    @Test func creatingTheSamePaymentTwiceGivesOneIntentUnderItsIdempotencyKey() async throws {
        try await StripeFake.with { fake in
            let stripe = fake.client()
            let paymentID = UUID()
            let first = try await stripe.createPaymentIntent(
                amount: 4900, currency: "USD", paymentID: paymentID, description: "Course", receiptEmail: nil)
            let second = try await stripe.createPaymentIntent(
                amount: 4900, currency: "USD", paymentID: paymentID, description: "Course", receiptEmail: nil)
            #expect(second == first)
            #expect(first.status == .requiresPaymentMethod)
            #expect(first.amount == 4900 && first.amountReceived == 0 && first.currency == "usd")
            #expect(first.paymentID == paymentID)
            #expect(first.clientSecret?.hasPrefix(first.id + "_secret_") == true)

            let requests = try await fake.requests().filter { $0.path == "/v1/payment_intents" }
            #expect(requests.count == 2)
            #expect(requests.allSatisfy { $0.idempotencyKey == paymentID.lowercased })
            #expect(requests.map(\.replayed) == [false, true])
            #expect(requests.first?.contentType == StripeForm.contentType)
            let params = try #require(requests.first?.params)
            #expect(params["amount"]?.text == "4900")
            #expect(params["currency"]?.text == "usd")
            #expect(params["metadata"]?["payment_id"]?.text == paymentID.lowercased)
            #expect(params["automatic_payment_methods"]?["enabled"]?.text == "true")
            #expect(params["receipt_email"] == nil)
        }
    }

    @Test func anIntentPaidThroughTheFakeIsRetrievedAsSucceeded() async throws {
        try await StripeFake.with { fake in
            let stripe = fake.client()
            let paymentID = UUID()
            let created = try await stripe.createPaymentIntent(
                amount: 1250, currency: "eur", paymentID: paymentID, description: "Course",
                receiptEmail: "buyer@example.com")
            #expect(try await stripe.retrievePaymentIntent(created.id).status == .requiresPaymentMethod)
            try await fake.succeed(created.id)
            let paid = try await stripe.retrievePaymentIntent(created.id)
            #expect(paid.status == .succeeded)
            #expect(paid.amountReceived == 1250 && paid.currency == "eur" && paid.paymentID == paymentID)
        }
    }

    @Test func aDeclinedAttemptCarriesItsMessage() async throws {
        try await StripeFake.with { fake in
            let stripe = fake.client()
            let created = try await stripe.createPaymentIntent(
                amount: 1250, currency: "eur", paymentID: UUID(), description: "Course", receiptEmail: nil)
            try await fake.fail(created.id, message: "Your card has insufficient funds.")
            let declined = try await stripe.retrievePaymentIntent(created.id)
            #expect(declined.status == .requiresPaymentMethod)
            #expect(declined.lastPaymentErrorMessage == "Your card has insufficient funds.")
        }
    }

    @Test func refundsTakePartThenTheRestAndNothingMore() async throws {
        try await StripeFake.with { fake in
            let stripe = fake.client()
            let intent = try await stripe.createPaymentIntent(
                amount: 4900, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
            try await fake.succeed(intent.id)
            let partID = UUID()
            let part = try await stripe.refund(paymentIntent: intent.id, amount: 1000, refundID: partID)
            #expect(part.status == .succeeded && part.amount == 1000 && part.paymentIntent == intent.id)
            #expect(part.refundID == partID)
            #expect(try await stripe.refund(paymentIntent: intent.id, amount: 1000, refundID: partID) == part)

            let rest = try await stripe.refund(paymentIntent: intent.id, amount: 3900, refundID: UUID())
            #expect(rest.amount == 3900 && rest.id != part.id)
            let error = await #expect(throws: StripeError.self) {
                try await stripe.refund(paymentIntent: intent.id, amount: 1, refundID: UUID())
            }
            #expect(error?.code == "charge_already_refunded")

            let refunds = try await fake.requests().filter { $0.path == "/v1/refunds" }
            #expect(refunds.first?.idempotencyKey == partID.lowercased)
            #expect(refunds.first?.params?["metadata"]?["refund_id"]?.text == partID.lowercased)
        }
    }

    @Test func refundingMoreThanWasPaidIsStripesAmountTooLarge() async throws {
        try await StripeFake.with { fake in
            let stripe = fake.client()
            let intent = try await stripe.createPaymentIntent(
                amount: 4900, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
            try await fake.succeed(intent.id)
            let error = await #expect(throws: StripeError.self) {
                try await stripe.refund(paymentIntent: intent.id, amount: 4901, refundID: UUID())
            }
            #expect(error?.status == 400)
            #expect(error?.type == "invalid_request_error")
            #expect(error?.code == "amount_too_large")
            #expect(error?.param == "amount")
            #expect(error?.message?.isEmpty == false)
            #expect(error?.isRetryable == false)
            #expect(error?.description == "Stripe refused the request")
        }
    }

    @Test func cancelingTwiceIsFineButAPaidIntentRefusesToBeCanceled() async throws {
        try await StripeFake.with { fake in
            let stripe = fake.client()
            let open = try await stripe.createPaymentIntent(
                amount: 4900, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
            #expect(try await stripe.cancelPaymentIntent(open.id).status == .canceled)
            #expect(try await stripe.cancelPaymentIntent(open.id).status == .canceled)
            let cancels = try await fake.requests().filter { $0.path.hasSuffix("/cancel") }
            #expect(cancels.allSatisfy { $0.idempotencyKey == "cancel-" + open.id })

            let paid = try await stripe.createPaymentIntent(
                amount: 4900, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
            try await fake.succeed(paid.id)
            let error = await #expect(throws: StripeError.self) { try await stripe.cancelPaymentIntent(paid.id) }
            #expect(error?.isIntentSucceeded == true)
            #expect(try await stripe.retrievePaymentIntent(paid.id).status == .succeeded)
        }
    }

    @Test func hostileBytesInTextSurviveTheFormEncoding() async throws {
        try await StripeFake.with { fake in
            let stripe = fake.client()
            let description = "a&b=c;d[e]f%00 g+h\u{0}i\r\nj#k?l/m\\n\"o'p é 中文 🙂 %ZZ &amount=1"
            let email = "x+y&amount=1%3D@example.com"
            let intent = try await stripe.createPaymentIntent(
                amount: 300, currency: "usd", paymentID: UUID(), description: description, receiptEmail: email)
            #expect(intent.amount == 300)
            let params = try #require(try await fake.requests().first { $0.path == "/v1/payment_intents" }?.params)
            #expect(params["description"]?.text == description)
            #expect(params["receipt_email"]?.text == email)
            #expect(params["amount"]?.text == "300")
        }
    }

    @Test func theFormEncodingKeepsOnlyUnreservedBytes() {
        var form = StripeForm()
        form.add("metadata[payment_id]", "a b&c=d")
        form.add("description", "\u{0}é~-._+%")
        form.add("absent", nil as String?)
        #expect(
            String(decoding: form.encoded, as: UTF8.self)
                == "metadata%5Bpayment_id%5D=a%20b%26c%3Dd&description=%00%C3%A9~-._%2B%25")
        let everyByte = String(decoding: (1...127).map { UInt8($0) }, as: UTF8.self)
        let encoded = StripeForm.percentEncoded(everyByte)
        #expect(encoded.utf8.allSatisfy { $0 == UInt8(ascii: "%") || $0.isUnreservedASCII })
        #expect(encoded.removingPercentEncoding == everyByte)
    }

    @Test func anInjectedServerErrorIsATypedStripeErrorAndTheRetryCreatesTheIntent() async throws {
        try await StripeFake.with { fake in
            try await fake.script(
                StripeFake.Script(failNext: [
                    StripeFake.Failure(
                        method: "POST", path: "/v1/payment_intents", status: 500, code: "server_busy",
                        message: "try later")
                ]))
            let stripe = fake.client()
            let paymentID = UUID()
            let error = await #expect(throws: StripeError.self) {
                try await stripe.createPaymentIntent(
                    amount: 4900, currency: "usd", paymentID: paymentID, description: "Course", receiptEmail: nil)
            }
            #expect(error?.status == 500 && error?.type == "api_error" && error?.code == "server_busy")
            #expect(error?.message == "try later")
            #expect(error?.isRetryable == true && error?.isUnreachable == false)
            let intent = try await stripe.createPaymentIntent(
                amount: 4900, currency: "usd", paymentID: paymentID, description: "Course", receiptEmail: nil)
            #expect(intent.paymentID == paymentID)
        }
    }

    @Test func stripesShouldRetryHeaderDecidesWhetherToRetry() async throws {
        try await StripeFake.with { fake in
            try await fake.script(
                StripeFake.Script(failNext: [
                    StripeFake.Failure(method: "GET", path: "/v1/payment_intents/*", status: 503, shouldRetry: false)
                ]))
            let error = await #expect(throws: StripeError.self) {
                try await fake.client().retrievePaymentIntent("pi_whatever")
            }
            #expect(error?.status == 503 && error?.isRetryable == false)
        }
    }

    @Test func aWrongKeyAndAnUnknownIntentAreStripesOwnErrors() async throws {
        try await StripeFake.with { fake in
            let denied = await #expect(throws: StripeError.self) {
                try await fake.client(secretKey: "sk_test_wrong").retrievePaymentIntent("pi_1")
            }
            #expect(denied?.status == 401 && denied?.type == "invalid_request_error")
            let missing = await #expect(throws: StripeError.self) {
                try await fake.client().retrievePaymentIntent("pi_missing/../../v1/refunds")
            }
            #expect(missing?.status == 404 && missing?.code == "resource_missing")
        }
    }

    @Test func nobodyListeningIsStripeUnreachable() async throws {
        try await StripeFake.with { fake in
            let stripe = StripeClient(
                client: fake.fake.client, baseURL: "https://127.0.0.1:9", secretKey: StripeFake.apiKey,
                timeout: .seconds(5))
            let error = await #expect(throws: StripeError.self) {
                try await stripe.createPaymentIntent(
                    amount: 4900, currency: "usd", paymentID: UUID(), description: "Course", receiptEmail: nil)
            }
            #expect(error?.isUnreachable == true && error?.status == nil && error?.isRetryable == true)
            #expect(error?.description == "Stripe could not be reached")
        }
    }

    @Test func withoutTheTestCATheFakesCertificateIsRefused() async throws {
        try await StripeFake.with { fake in
            let untrusting = try HTTPClient(
                configuration: HTTPClientConfiguration(maxRetries: 0, tls: TLSConfiguration()),
                eventLoopGroup: TestSchema.group)
            defer { untrusting.shutdown() }
            let stripe = StripeClient(client: untrusting, baseURL: fake.url, secretKey: StripeFake.apiKey)
            let error = await #expect(throws: StripeError.self) {
                try await stripe.retrievePaymentIntent("pi_1")
            }
            #expect(error?.isUnreachable == true)
            #expect(error?.logDetail.contains("certificate") == true)
            #expect(try await fake.requests().isEmpty)
        }
    }
}

extension UInt8 {
    fileprivate var isUnreservedASCII: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || Array("-._~".utf8).contains(self)
    }
}
