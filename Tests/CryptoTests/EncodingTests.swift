import Crypto
import Testing

@Suite struct EncodingTests {
    @Test func base64URLEncodesEveryRemainderLengthWithoutPadding() {
        #expect(Base64URL.encode([UInt8]()) == "")
        #expect(Base64URL.encode([0x66]) == "Zg")
        #expect(Base64URL.encode([0x66, 0x6F]) == "Zm8")
        #expect(Base64URL.encode([0x66, 0x6F, 0x6F]) == "Zm9v")
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
    }

    @Test func base64URLDecodesEveryRemainderLength() throws {
        #expect(try Base64URL.decode("") == [])
        #expect(try Base64URL.decode("Zg") == [0x66])
        #expect(try Base64URL.decode("Zm8") == [0x66, 0x6F])
        #expect(try Base64URL.decode("Zm9v") == [0x66, 0x6F, 0x6F])
        #expect(try Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test func base64URLRoundTripsRandomBytes() throws {
        for length in 0..<70 {
            let bytes = SecureRandom.bytes(count: length)
            #expect(try Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: ["Zg==", "Zm8=", "Zg=", "+/+/", "Zm9v\n", "Zm 9v", "Zm9v!", "Z", "Zm9vZ", "Zh", "Zm9", "é"])
    func base64URLRejectsPaddingForeignCharactersAndNonCanonicalInput(_ text: String) {
        #expect(throws: CryptoError.invalidEncoding) { try Base64URL.decode(text) }
    }

    @Test func hexRoundTripsAndAcceptsEitherCase() throws {
        #expect(Hex.encode([0x00, 0x7F, 0xAB, 0xFF]) == "007fabff")
        #expect(try Hex.decode("007FabFF") == [0x00, 0x7F, 0xAB, 0xFF])
        #expect(try Hex.decode("") == [])
    }

    @Test(arguments: ["0", "abc", "zz", "0x12", "12 "])
    func hexRejectsOddLengthsAndNonDigits(_ text: String) {
        #expect(throws: CryptoError.invalidEncoding) { try Hex.decode(text) }
    }

    @Test func randomBytesHaveTheRequestedLengthAndDiffer() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        let first = SecureRandom.bytes(count: 32)
        let second = SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
    }

    @Test func tokensCarry256BitsAsBase64URL() throws {
        let token = SecureRandom.token()
        #expect(token.count == 43)
        #expect(try Base64URL.decode(token).count == 32)
        #expect(SecureRandom.token() != token)
    }

    @Test func constantTimeComparisonComparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(ConstantTime.equals([] as [UInt8], [] as [UInt8]))
    }
}
