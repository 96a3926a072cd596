import Crypto
import Foundation
import TestSupport
import Testing

/// Runs Tests/CryptoTests/interop.py, which checks our tokens with Python's `cryptography` package and signs
/// tokens for us to verify. A machine without `cryptography` fails these tests rather than skipping them.
@Suite struct InteropTests {
    private let issuer = "https://campus.test/identity"
    private let audience = "campus"

    private struct ScriptResult {
        let status: Int32
        let output: String
        let errors: String
    }

    private func runScript(_ arguments: [String], input: Data = Data()) throws -> ScriptResult {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("interop.py")
        let result = try Subprocess.run(["python3", script.path] + arguments, input: Array(input))
        return ScriptResult(status: result.status, output: result.output, errors: result.errors)
    }

    /// Records a clear failure when the script could not run or `cryptography` is missing; true when it succeeded.
    private func succeeded(_ result: ScriptResult) -> Bool {
        if result.status == 3 {
            Issue.record("Python's cryptography package is required for the interoperability tests: \(result.errors)")
        } else if result.status != 0 {
            Issue.record("interop.py exited with status \(result.status): \(result.errors)")
        }
        return result.status == 0
    }

    @Test func pythonCryptographyVerifiesOurTokenWithOurJWKS() throws {
        let signer = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "campus-1")
        let other = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "campus-0")
        let jwks = JSONWebKeySet(keys: [other.jsonWebKey, signer.jsonWebKey])
        let claims = JWTClaims(
            issuer: issuer, subject: "user-1", audience: [audience], expiresAt: Date().addingTimeInterval(300),
            issuedAt: Date(), id: "t1", role: "admin", isApproved: true)
        let request: [String: Any] = [
            "jwks": try JSONSerialization.jsonObject(with: jwks.jsonData()),
            "token": try signer.sign(claims),
        ]
        let result = try runScript(
            ["verify", issuer, audience], input: try JSONSerialization.data(withJSONObject: request))
        guard succeeded(result) else { return }
        let echoed = try JSONDecoder().decode(JWTClaims.self, from: Data(result.output.utf8))
        #expect(echoed.subject == "user-1")
        #expect(echoed.role == "admin")
    }

    @Test func pythonCryptographyRejectsOurTokenUnderTheWrongKey() throws {
        let signer = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "campus-1")
        let impostor = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "campus-1")
        let claims = JWTClaims(issuer: issuer, audience: [audience], expiresAt: Date().addingTimeInterval(300))
        let request: [String: Any] = [
            "jwks": try JSONSerialization.jsonObject(with: JSONWebKeySet(keys: [impostor.jsonWebKey]).jsonData()),
            "token": try signer.sign(claims),
        ]
        let result = try runScript(
            ["verify", issuer, audience], input: try JSONSerialization.data(withJSONObject: request))
        guard result.status != 3 else {
            _ = succeeded(result)
            return
        }
        #expect(result.status != 0)
        #expect(result.errors.contains("signature does not verify"))
    }

    @Test func ourVerifierAcceptsATokenSignedByPythonCryptography() async throws {
        let result = try runScript(["generate", issuer, audience])
        guard succeeded(result) else { return }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let jwks = try JSONSerialization.data(withJSONObject: try #require(object["jwks"]))
        let token = try #require(object["token"] as? String)
        let verifier = JWTVerifier(
            keys: RefreshingJWTKeySet(source: { jwks }), issuer: issuer, audience: audience)
        let claims = try await verifier.verify(token)
        #expect(claims.subject == "python-user")
        #expect(claims.role == "student")
        #expect(claims.isApproved == false)
        #expect(claims.audience == [audience])
    }
}
