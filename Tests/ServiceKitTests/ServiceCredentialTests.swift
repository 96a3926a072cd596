import Foundation
import HTTP
import Testing

@testable import ServiceKit

@Suite struct ServiceCredentialTests {
    let secret = Array("a shared secret of at least thirty-two bytes".utf8)

    @Test func aFreshTokenNamesItsServiceUntilItExpires() {
        let credential = ServiceCredential(service: "catalog", secret: secret, lifetime: .seconds(300))
        let now = Date()
        let token = credential.token(now: now)
        #expect(token.hasPrefix("catalog."))
        #expect(credential.verify(token, now: now) == "catalog")
        #expect(credential.verify(token, now: now.addingTimeInterval(299)) == "catalog")
        #expect(credential.verify(token, now: now.addingTimeInterval(301)) == nil)
        #expect(credential.authorization(now: now).hasPrefix("Service catalog."))
    }

    @Test func aTamperedTokenOrOneMadeWithAnotherSecretIsRefused() {
        let credential = ServiceCredential(service: "catalog", secret: secret)
        let token = credential.token()
        let parts = token.split(separator: ".").map(String.init)
        #expect(credential.verify("billing.\(parts[1]).\(parts[2])") == nil)
        #expect(credential.verify("catalog.\(Int(parts[1])! + 60).\(parts[2])") == nil)
        var mac = Array(parts[2])
        mac[0] = mac[0] == "A" ? "B" : "A"
        #expect(credential.verify("catalog.\(parts[1]).\(String(mac))") == nil)
        #expect(credential.verify("catalog.\(parts[1])") == nil)
        #expect(credential.verify("") == nil)
        let other = ServiceCredential(service: "catalog", secret: Array("another secret, also long enough!!".utf8))
        #expect(other.verify(token) == nil)
        #expect(credential.verify(other.token()) == nil)
    }

    @Test func aTokenLivingLongerThanTheLifetimeAllowsIsRefused() {
        let credential = ServiceCredential(service: "catalog", secret: secret, lifetime: .seconds(300))
        let longLived = ServiceCredential(service: "catalog", secret: secret, lifetime: .seconds(86400))
        #expect(credential.verify(longLived.token()) == nil)
    }

    @Test func theMiddlewareAdmitsOnlyValidServiceTokens() async {
        let credential = ServiceCredential(service: "identity", secret: secret)
        var router = Router()
        router.group("/internal", middleware: [InternalOnlyMiddleware(credential: credential)]) { group in
            group.get("ping") { _, _ in .text("pong") }
        }
        let responder = router.buildResponder()
        func status(_ authorization: String?) async -> Int {
            var headers: HTTPHeaders = [:]
            if let authorization { headers.set("Authorization", authorization) }
            return await responder.respond(to: Request(method: .get, target: "/internal/ping", headers: headers))
                .status.code
        }
        #expect(await status(credential.authorization()) == 200)
        #expect(await status("service " + credential.token()) == 200)
        #expect(await status(nil) == 401)
        #expect(await status("Bearer " + credential.token()) == 401)
        #expect(await status(credential.authorization(now: Date().addingTimeInterval(-600))) == 401)
        let stranger = ServiceCredential(service: "identity", secret: Array("not the shared secret at all, no!".utf8))
        #expect(await status(stranger.authorization()) == 401)
    }
}
