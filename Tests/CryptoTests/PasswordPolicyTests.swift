@testable import Crypto
import Foundation
import Testing

@Suite struct PasswordPolicyTests {
    private let policy = PasswordPolicy()

    @Test func acceptsLongUncommonPasswordsWithoutCompositionRules() throws {
        #expect(try policy.validate("purple monkey dishwasher") == "purple monkey dishwasher")
        #expect(try policy.validate("alllowercaseletters") == "alllowercaseletters")
    }

    @Test func rejectsPasswordsShorterThanEightCharacters() {
        #expect(throws: PasswordRejection.tooShort) { try policy.validate("x7#Kq2!") }
        #expect(throws: PasswordRejection.tooShort) { try policy.validate("") }
    }

    @Test func rejectsPasswordsLongerThan128Characters() throws {
        #expect(try policy.validate(String(repeating: "q", count: 127) + "z").unicodeScalars.count == 128)
        #expect(throws: PasswordRejection.tooLong) { try policy.validate(String(repeating: "q", count: 129)) }
    }

    @Test func countsCharactersAfterNFCNormalization() throws {
        // Eight decomposed "é" are sixteen code points before NFC and eight after.
        let decomposed = String(repeating: "e\u{301}", count: 8)
        #expect(try policy.validate(decomposed) == String(repeating: "\u{E9}", count: 8))
        // Seven "é" in NFC are too short however they were typed.
        #expect(throws: PasswordRejection.tooShort) { try policy.validate(String(repeating: "e\u{301}", count: 7)) }
    }

    @Test(arguments: ["password", "PASSWORD", "12345678", "iloveyou", "Sunshine1", "trustno1"])
    func rejectsCommonPasswordsInAnyCase(_ password: String) {
        #expect(throws: PasswordRejection.tooCommon) { try policy.validate(password) }
    }

    @Test func shippedListHasAtLeastTenThousandEntries() {
        #expect(CommonPasswords.builtIn.count >= 10_000)
        #expect(CommonPasswords.builtIn.contains("baseball"))
        #expect(!CommonPasswords.builtIn.contains("purple monkey dishwasher"))
    }

    @Test func shippedListIsPinnedByCountAndChecksum() {
        let normalized = CommonPasswords.builtIn.entries.sorted().joined(separator: "\n")
        let checksum = SHA256.hash(normalized).map { String(format: "%02x", $0) }.joined()
        #expect(CommonPasswords.builtIn.count == 11_611)
        #expect(checksum == "8baedee5a747ececab1da3b17fcfaa5997714c9e8a114e09db315d3b0f9c22f7")
    }

    @Test func rejectionsHaveStableCodes() {
        #expect(PasswordRejection.tooCommon.code == "password_too_common")
        #expect(PasswordRejection.tooShort.description.contains("8"))
    }
}
