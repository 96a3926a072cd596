import Crypto
import Foundation
import HTTP
import Testing

@testable import ServiceKit

@Suite struct AuthenticationTests {
    let signer = JWTSigner(privateKey: try! Ed25519PrivateKey(), keyID: "k1")

    func verifier() -> JWTVerifier {
        JWTVerifier(keys: JWTKeySet(["k1": signer.publicKey]), issuer: "iss", audience: "aud")
    }

    func token(role: String, subject: UUID = UUID(), expiresIn: TimeInterval = 60) throws -> String {
        try signer.sign(
            JWTClaims(
                issuer: "iss", subject: subject.uuidString, audience: ["aud"], expiresAt: Date() + expiresIn,
                issuedAt: Date(), role: role, isApproved: false))
    }

    func responder() -> RouterResponder {
        var router = Router()
        router.group("/v1", middleware: [AuthenticationMiddleware(verifier: verifier())]) { group in
            group.get("me") { _, context in .text(try context.requirePrincipal().role) }
            group.get("admin") { _, context in
                try context.requireRole("admin")
                return .text("ok")
            }
        }
        return router.buildResponder()
    }

    func get(_ path: String, token: String?) async -> Response {
        var headers: HTTPHeaders = [:]
        if let token { headers.set("Authorization", "Bearer " + token) }
        return await responder().respond(to: Request(method: .get, target: path, headers: headers))
    }

    @Test func validTokenSetsThePrincipal() async throws {
        let response = await get("/v1/me", token: try token(role: "student"))
        #expect(response.status == .ok)
        #expect(response.body.bytes == Array("student".utf8))
    }

    @Test func missingExpiredOrForgedTokensAre401() async throws {
        #expect(await get("/v1/me", token: nil).status == .unauthorized)
        #expect(await get("/v1/me", token: try token(role: "student", expiresIn: -120)).status == .unauthorized)
        let other = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "k1")
        let forged = try other.sign(
            JWTClaims(
                issuer: "iss", subject: UUID().uuidString, audience: ["aud"], expiresAt: Date() + 60, role: "admin"))
        let response = await get("/v1/admin", token: forged)
        #expect(response.status == .unauthorized)
        #expect(response.headers["www-authenticate"] == "Bearer")
    }

    @Test func wrongRoleIs403() async throws {
        #expect(await get("/v1/admin", token: try token(role: "student")).status == .forbidden)
        #expect(await get("/v1/admin", token: try token(role: "admin")).status == .ok)
    }
}
