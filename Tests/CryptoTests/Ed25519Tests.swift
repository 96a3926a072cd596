import Crypto
import Testing

@Suite struct Ed25519Tests {
    // RFC 8032 §7.1: TEST 1, TEST 2, TEST 3 and TEST SHA(abc).
    private static let vectors: [(secret: String, public: String, message: String, signature: String)] = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        ),
        (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        ),
        (
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        ),
    ]

    @Test(arguments: vectors)
    func signaturesMatchRFC8032Vectors(_ vector: (secret: String, public: String, message: String, signature: String))
        throws
    {
        let key = try Ed25519PrivateKey(rawRepresentation: Hex.decode(vector.secret))
        #expect(Hex.encode(key.publicKey.rawRepresentation) == vector.public)
        let message = try Hex.decode(vector.message)
        #expect(Hex.encode(try key.signature(for: message)) == vector.signature)
        let publicKey = try Ed25519PublicKey(rawRepresentation: Hex.decode(vector.public))
        #expect(publicKey.isValidSignature(try Hex.decode(vector.signature), for: message))
    }

    @Test func verificationRejectsAlteredMessageSignatureAndKey() throws {
        let key = try Ed25519PrivateKey()
        let message = Array("enrol me".utf8)
        var signature = try key.signature(for: message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: Array("enrol you".utf8)))
        #expect(!(try Ed25519PrivateKey()).publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature.prefix(63), for: message))
        signature[0] ^= 0x01
        #expect(!key.publicKey.isValidSignature(signature, for: message))
    }

    @Test func privateKeyRoundTripsThroughPEMAndRawSeed() throws {
        let key = try Ed25519PrivateKey()
        let pem = try key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let loaded = try Ed25519PrivateKey(pemRepresentation: pem)
        #expect(loaded.publicKey == key.publicKey)
        #expect(try loaded.rawRepresentation == key.rawRepresentation)
        let fromSeed = try Ed25519PrivateKey(rawRepresentation: key.rawRepresentation)
        #expect(fromSeed.publicKey == key.publicKey)
    }

    @Test func publicKeyRoundTripsThroughPEM() throws {
        let key = try Ed25519PrivateKey().publicKey
        let pem = try key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(try Ed25519PublicKey(pemRepresentation: pem) == key)
    }

    @Test func loadsTheRFC8410ExamplePrivateKey() throws {
        // RFC 8410 §10.3: an Ed25519 private key in PKCS#8.
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----
            """
        let key = try Ed25519PrivateKey(pemRepresentation: pem)
        #expect(
            Hex.encode(try key.rawRepresentation) == "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842")
        #expect(!key.description.contains(Hex.encode(try key.rawRepresentation)))
    }

    @Test func rejectsPEMOfOtherKeyTypesAndGarbage() throws {
        // An X25519 key (RFC 8410 §10.3 layout, OID 1.3.101.110) is not an Ed25519 key.
        let x25519 = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VuBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----
            """
        #expect(throws: CryptoError.invalidKey) { try Ed25519PrivateKey(pemRepresentation: x25519) }
        #expect(throws: CryptoError.invalidEncoding) { try Ed25519PrivateKey(pemRepresentation: "not a key") }
        #expect(throws: CryptoError.invalidEncoding) { try Ed25519PublicKey(pemRepresentation: "") }
        #expect(throws: CryptoError.invalidKey) {
            try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
    }
}
