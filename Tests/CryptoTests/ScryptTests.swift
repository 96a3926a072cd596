import Crypto
import Testing

@Suite struct ScryptTests {
    // RFC 7914 §12. The fourth vector (N = 1048576, 1 GiB) is left out: it takes seconds and a gigabyte.
    @Test(arguments: [
        (
            "", "", 4, 1, 1,
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"
        ),
        (
            "password", "NaCl", 10, 8, 16,
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        ),
        (
            "pleaseletmein", "SodiumChloride", 14, 8, 1,
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"
        ),
    ])
    func scryptMatchesRFC7914Vectors(
        _ vector: (password: String, salt: String, logN: Int, r: Int, p: Int, key: String)
    ) throws {
        let parameters = try ScryptParameters(logN: vector.logN, r: vector.r, p: vector.p)
        let key = try Scrypt.deriveKey(
            password: Array(vector.password.utf8), salt: Array(vector.salt.utf8), parameters: parameters, length: 64)
        #expect(Hex.encode(key) == vector.key)
    }

    @Test func parametersParseTheStoredFormAndRejectOthers() throws {
        #expect(try ScryptParameters(parsing: "ln=17,r=8,p=1") == .recommended)
        #expect(ScryptParameters.recommended.description == "ln=17,r=8,p=1")
        for text in [
            "ln=17,r=8", "r=8,ln=17,p=1", "ln=017,r=8,p=1", "ln=25,r=8,p=1", "ln=17,r=0,p=1", "ln=-1,r=8,p=1",
            "ln=17,r=8,p=1,x=2", "", "ln=17, r=8,p=1",
        ] {
            #expect(throws: CryptoError.invalidParameters) { try ScryptParameters(parsing: text) }
        }
    }

    @Test func memoryEstimateCoversOpenSSLsAllocation() {
        // 128 MiB for V plus 1 KiB for B at the recommended setting.
        #expect(ScryptParameters.recommended.memoryBytes == 128 * 8 * ((1 << 17) + 2) + 128 * 8)
    }
}
