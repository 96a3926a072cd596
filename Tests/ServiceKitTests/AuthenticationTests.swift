import Contracts
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

    func responder(cache: VerifiedTokenCache = VerifiedTokenCache()) -> RouterResponder {
        var router = Router()
        router.group("/v1", middleware: [AuthenticationMiddleware(verifier: verifier(), cache: cache)]) { group in
            group.get("me") { _, context in .text(try context.requirePrincipal().role.rawValue) }
            group.get("admin") { _, context in
                try context.requireRole(.admin)
                return .text("ok")
            }
        }
        return router.buildResponder()
    }

    func get(_ path: String, token: String?, cache: VerifiedTokenCache = VerifiedTokenCache()) async -> Response {
        var headers: HTTPHeaders = [:]
        if let token { headers.set("Authorization", "Bearer " + token) }
        return await responder(cache: cache).respond(to: Request(method: .get, target: path, headers: headers))
    }

    @Test func aVerifiedTokenIsCachedAndAnAlteredOneIsNot() async throws {
        let cache = VerifiedTokenCache()
        let valid = try token(role: "student")
        #expect(await get("/v1/me", token: valid, cache: cache).status == .ok)
        #expect(await get("/v1/me", token: valid, cache: cache).status == .ok)
        #expect(cache.count == 1)
        var altered = Array(valid)
        altered[altered.count - 2] = altered[altered.count - 2] == "A" ? "B" : "A"
        #expect(await get("/v1/me", token: String(altered), cache: cache).status == .unauthorized)
        #expect(cache.count == 1)
    }

    @Test func cachedTokensLeaveAtTheirExpiryAndTheCacheStaysBounded() {
        let cache = VerifiedTokenCache(capacity: 2)
        let now = Date()
        let claims = JWTClaims(issuer: "iss", subject: "s", audience: ["aud"], expiresAt: now + 60, role: "student")
        cache.insert("a", claims: claims, now: now)
        #expect(cache.claims(for: "a", now: now + 59)?.subject == "s")
        #expect(cache.claims(for: "a", now: now + 61) == nil)
        #expect(cache.count == 0)
        cache.insert("expired", claims: claims, now: now + 61)
        #expect(cache.count == 0)
        for token in ["x", "y", "z"] { cache.insert(token, claims: claims, now: now) }
        #expect(cache.count <= 2)
        #expect(cache.claims(for: "z", now: now) != nil)
    }

    @Test func theBearerTokenIsReadFromTheHeaderInAnyCaseWithoutItsBlanks() {
        #expect(AuthenticationMiddleware.bearerToken(in: "Bearer abc.def") == "abc.def")
        #expect(AuthenticationMiddleware.bearerToken(in: "bEaReR \t abc \t") == "abc")
        #expect(AuthenticationMiddleware.bearerToken(in: "BEARER é") == "é")
        for bad in ["", "Bearer", "Bearer ", "Bearer  \t ", "Basic abc", "Bearerabc", "Bearer_abc", "bearer\tabc"] {
            #expect(AuthenticationMiddleware.bearerToken(in: bad) == nil, "\(bad)")
        }
    }

    @Test func aFullCacheOfLiveTokensDropsOneForEachNewcomerNotAll() {
        let cache = VerifiedTokenCache(capacity: 1_000)
        let now = Date()
        let claims = JWTClaims(issuer: "iss", subject: "s", audience: ["aud"], expiresAt: now + 600, role: "student")
        for n in 0..<1_000 { cache.insert("token-\(n)", claims: claims, now: now) }
        for n in 1_000..<1_100 { cache.insert("token-\(n)", claims: claims, now: now) }
        #expect(cache.count == 1_000)
        let kept = (0..<1_000).filter { cache.claims(for: "token-\($0)", now: now) != nil }.count
        #expect(kept >= 900, "a hundred newcomers cost at most a hundred of the others")
        #expect(cache.claims(for: "token-1099", now: now) != nil)
        // Once every eighth of its capacity in inserts, a full cache sweeps out the expired: after it, nothing
        // expired is left and newcomers displace no one.
        let later = now + 601
        let fresh = JWTClaims(issuer: "iss", subject: "t", audience: ["aud"], expiresAt: later + 600, role: "student")
        for n in 0..<200 { cache.insert("new-\(n)", claims: fresh, now: later) }
        #expect(cache.count <= 200)
        #expect((150..<200).allSatisfy { cache.claims(for: "new-\($0)", now: later) != nil })
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

    @Test func aRoleNoServiceKnowsIsNotAPrincipal() async throws {
        // A signed token whose role is none of `Role`: refused as a token, not let in with no rights.
        #expect(await get("/v1/me", token: try token(role: "superuser")).status == .unauthorized)
        #expect(await get("/v1/me", token: try token(role: "Admin")).status == .unauthorized)
    }

    @Test func wrongRoleIs403() async throws {
        #expect(await get("/v1/admin", token: try token(role: "student")).status == .forbidden)
        #expect(await get("/v1/admin", token: try token(role: "admin")).status == .ok)
    }
}
