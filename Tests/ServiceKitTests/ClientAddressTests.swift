import HTTP
import Testing

@testable import ServiceKit

@Suite struct ClientAddressTests {
    private func address(_ headers: HTTPHeaders) -> String {
        ClientAddress.of(Request(method: .post, target: "/v1/auth/login", headers: headers, body: []))
    }

    @Test func theGatewaysRealIPComesFirstAndRequestsWithoutOneShareDirect() {
        #expect(address(["X-Real-IP": "203.0.113.7", "X-Forwarded-For": "198.51.100.1"]) == "203.0.113.7")
        #expect(address([:]) == "direct")
    }

    @Test func forwardedForIsReadFromItsLastEntryTheOneTheNearestProxyAdded() {
        #expect(address(["X-Forwarded-For": "10.9.9.9, 198.51.100.1"]) == "198.51.100.1")
        #expect(address(["X-Forwarded-For": " 198.51.100.2 "]) == "198.51.100.2")
    }

    @Test func valuesThatAreNotIPAddressesAreIgnored() {
        #expect(address(["X-Real-IP": "anything-at-all"]) == "direct")
        #expect(address(["X-Real-IP": "999.1.1.1", "X-Forwarded-For": "198.51.100.3"]) == "198.51.100.3")
        #expect(address(["X-Forwarded-For": "198.51.100.1, not-an-address"]) == "direct")
    }

    @Test func addressesAreCanonicalSoOneClientHasOneKey() {
        #expect(address(["X-Real-IP": "2001:DB8:0:0:0:0:0:1"]) == "2001:db8::1")
        #expect(address(["X-Real-IP": "::ffff:192.0.2.5"]) == "192.0.2.5")
    }

    @Test func ipv6ClientsAreThrottledPerSlash64() {
        #expect(ClientAddress.throttlingKey("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64")
        #expect(ClientAddress.throttlingKey("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64")
        #expect(ClientAddress.throttlingKey("2001:db8:1:3::1") != ClientAddress.throttlingKey("2001:db8:1:2::1"))
        #expect(ClientAddress.throttlingKey("192.0.2.5") == "192.0.2.5")
        #expect(ClientAddress.throttlingKey("direct") == "direct")
    }
}
