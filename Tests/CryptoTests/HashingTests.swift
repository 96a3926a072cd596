import Crypto
import Testing

@Suite struct HashingTests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func sha256MatchesFIPSExamples(_ message: String, _ digest: String) {
        #expect(Hex.encode(SHA256.hash(message)) == digest)
    }

    @Test func sha256OfOneMillionAsMatchesFIPSExample() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(SHA256.hash(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    private static let hmacCases: [(key: String, data: String, tag: String)] = [
        (
            String(repeating: "0b", count: 20), Hex.encode(Array("Hi There".utf8)),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            Hex.encode(Array("Jefe".utf8)), Hex.encode(Array("what do ya want for nothing?".utf8)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            String(repeating: "aa", count: 131),
            Hex.encode(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            String(repeating: "aa", count: 131),
            Hex.encode(
                Array(
                    ("This is a test using a larger than block-size key and a larger than block-size data. "
                        + "The key needs to be hashed before being used by the HMAC algorithm.").utf8)),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test(arguments: hmacCases)
    func hmacSHA256MatchesRFC4231(_ testCase: (key: String, data: String, tag: String)) throws {
        let key = try Hex.decode(testCase.key)
        let data = try Hex.decode(testCase.data)
        #expect(Hex.encode(HMACSHA256.authenticationCode(for: data, key: key)) == testCase.tag)
        #expect(HMACSHA256.isValid(try Hex.decode(testCase.tag), for: data, key: key))
    }

    @Test func hmacSHA256TruncatedTagMatchesRFC4231TestCase5() throws {
        let tag = HMACSHA256.authenticationCode(
            for: Array("Test With Truncation".utf8), key: [UInt8](repeating: 0x0C, count: 20))
        #expect(Hex.encode(tag.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func hmacValidationRejectsAnAlteredTag() {
        let key = SecureRandom.bytes(count: 32)
        var tag = HMACSHA256.authenticationCode(for: Array("message".utf8), key: key)
        tag[31] ^= 1
        #expect(!HMACSHA256.isValid(tag, for: Array("message".utf8), key: key))
    }
}
