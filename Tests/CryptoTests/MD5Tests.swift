import Crypto
import Testing

@Suite struct MD5Tests {
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"
        ),
    ])
    func md5MatchesTheRFC1321TestSuite(_ message: String, _ digest: String) {
        #expect(Hex.encode(MD5.hash(message)) == digest)
    }

    @Test func md5OfBytesAndOfTheirTextAgree() {
        let bytes: [UInt8] = [0, 0xFF, 0x80, 0x0A]
        #expect(MD5.hash(bytes).count == MD5.byteCount)
        // The fake gateway's store password, hashed by Python's hashlib as the gateway signs with it.
        #expect(Hex.encode(MD5.hash("campustest@ssl")) == "15d3543200041b6057a5c2015301a82f")
        #expect(MD5.hash(bytes) != MD5.hash([0, 0xFF, 0x80, 0x0B]))
    }
}
