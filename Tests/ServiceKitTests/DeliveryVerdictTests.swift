import Testing

@testable import ServiceKit

@Suite struct DeliveryVerdictTests {
    @Test func successIsDeliveredAndOnlyPermanentRefusalsAreFinal() {
        #expect(OutboxDispatcher.verdict(status: 200, body: []) == .delivered)
        #expect(OutboxDispatcher.verdict(status: 204, body: []) == .delivered)
        let problem = Array(#"{"status":400,"code":"validationFailed","detail":"no"}"#.utf8)
        #expect(OutboxDispatcher.verdict(status: 400, body: problem) == .rejected("HTTP 400 validationFailed"))
        #expect(OutboxDispatcher.verdict(status: 422, body: []) == .rejected("HTTP 422"))
        #expect(OutboxDispatcher.verdict(status: 413, body: []) == .rejected("HTTP 413"))
        // A wrong secret or a route not yet deployed is retried: the event is not at fault.
        #expect(OutboxDispatcher.verdict(status: 401, body: []) == .failed("HTTP 401"))
        #expect(OutboxDispatcher.verdict(status: 404, body: Array("<html>".utf8)) == .failed("HTTP 404"))
        #expect(OutboxDispatcher.verdict(status: 408, body: []) == .failed("HTTP 408"))
        #expect(OutboxDispatcher.verdict(status: 429, body: []) == .failed("HTTP 429"))
        #expect(OutboxDispatcher.verdict(status: 500, body: []) == .failed("HTTP 500"))
        #expect(OutboxDispatcher.verdict(status: 503, body: []) == .failed("HTTP 503"))
        #expect(OutboxDispatcher.verdict(status: 302, body: []) == .failed("HTTP 302"))
        let longCode = Array(#"{"code":"\#(String(repeating: "x", count: 65))"}"#.utf8)
        #expect(OutboxDispatcher.verdict(status: 500, body: longCode) == .failed("HTTP 500"))
    }
}
