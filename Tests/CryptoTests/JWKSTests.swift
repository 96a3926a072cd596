import Crypto
import Foundation
import Testing

@Suite struct JWKSTests {
    @Test func rendersRFC8037OKPKeys() throws {
        let key = try Ed25519PublicKey(
            rawRepresentation: Base64URL.decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"))
        let set = JSONWebKeySet(keys: [JSONWebKey(publicKey: key, keyID: "k1")])
        let json = String(decoding: set.jsonData(), as: UTF8.self)
        #expect(
            json == #"{"keys":[{"alg":"EdDSA","crv":"Ed25519","kid":"k1","kty":"OKP","use":"sig","#
                + #""x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#)
    }

    @Test func parsesUsableKeysAndSkipsForeignOnes() throws {
        let current = try Ed25519PrivateKey().publicKey
        let x = Base64URL.encode(current.rawRepresentation)
        let json = """
            {"keys":[
              {"kty":"RSA","kid":"rsa","n":"AQAB","e":"AQAB"},
              {"kty":"OKP","crv":"X25519","kid":"ecdh","x":"\(x)"},
              {"kty":"OKP","crv":"Ed25519","kid":"enc","use":"enc","x":"\(x)"},
              {"kty":"OKP","crv":"Ed25519","kid":"short","x":"AAAA"},
              {"crv":"Ed25519","kid":"no-type"},
              {"kty":"OKP","crv":"Ed25519","x":"\(x)"},
              {"kty":"OKP","crv":"Ed25519","kid":"current","x":"\(x)"}
            ]}
            """
        let set = try JSONWebKeySet(parsing: Data(json.utf8))
        #expect(set.keys.count == 6)
        #expect(set.ed25519Keys() == ["current": current])
    }

    @Test func rejectsDocumentsThatAreNotKeySets() {
        for json in ["", "[]", #"{"keys":{}}"#, #"{"key":[]}"#] {
            #expect(throws: CryptoError.invalidEncoding) { try JSONWebKeySet(parsing: Data(json.utf8)) }
        }
    }

    @Test func renderedSetParsesBackToTheSameKeys() throws {
        let first = try Ed25519PrivateKey().publicKey
        let second = try Ed25519PrivateKey().publicKey
        let set = JSONWebKeySet(keys: [
            JSONWebKey(publicKey: first, keyID: "a"), JSONWebKey(publicKey: second, keyID: "b"),
        ])
        #expect(try JSONWebKeySet(parsing: set.jsonData()).ed25519Keys() == ["a": first, "b": second])
    }

    @Test func verifierAcceptsTokensFromCurrentAndPreviousKeys() async throws {
        let previous = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "previous")
        let current = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "current")
        let set = JWTKeySet(JSONWebKeySet(keys: [current.jsonWebKey, previous.jsonWebKey]))
        let verifier = JWTVerifier(keys: set, issuer: "i", audience: "a")
        let claims = JWTClaims(issuer: "i", audience: ["a"], expiresAt: Date().addingTimeInterval(60))
        _ = try await verifier.verify(try previous.sign(claims))
        _ = try await verifier.verify(try current.sign(claims))
    }
}
