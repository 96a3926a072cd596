import Crypto
import Foundation
import Synchronization
import Testing

@Suite struct PasswordHasherTests {
    private let cheap = try! ScryptParameters(logN: 10, r: 8, p: 1)

    @Test func hashIsSelfDescribingWithSixteenByteSaltAndThirtyTwoByteKey() async throws {
        let hasher = PasswordHasher(policy: cheap)
        let stored = try await hasher.hash("correct horse battery staple")
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(fields[0] == "" && fields[1] == "scrypt" && fields[2] == "ln=10,r=8,p=1")
        #expect(try Base64URL.decode(fields[3]).count == 16)
        #expect(try Base64URL.decode(fields[4]).count == 32)
    }

    @Test func sameParametersAndSaltReproduceTheStoredKey() async throws {
        let hasher = PasswordHasher(policy: cheap)
        let stored = try await hasher.hash("correct horse battery staple")
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        let key = try Scrypt.deriveKey(
            password: Array("correct horse battery staple".utf8), salt: try Base64URL.decode(fields[3]),
            parameters: cheap, length: 32)
        #expect(Base64URL.encode(key) == fields[4])
    }

    @Test func verifyAcceptsTheRightPasswordAndRejectsOthers() async throws {
        let hasher = PasswordHasher(policy: cheap)
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(try await hasher.verify("correct horse battery staple", against: stored) == .valid)
        #expect(try await hasher.verify("correct horse battery stapler", against: stored) == .invalid)
        #expect(try await hasher.verify("", against: stored) == .invalid)
    }

    @Test func equalSaltsAreNeverReused() async throws {
        let hasher = PasswordHasher(policy: cheap)
        let first = try await hasher.hash("same password")
        let second = try await hasher.hash("same password")
        #expect(first != second)
    }

    @Test func weakerStoredParametersVerifyButAskForRehash() async throws {
        let old = PasswordHasher(policy: try ScryptParameters(logN: 9, r: 8, p: 1))
        let stored = try await old.hash("correct horse battery staple")
        let current = PasswordHasher(policy: cheap)
        #expect(try await current.verify("correct horse battery staple", against: stored) == .validNeedsRehash)
        #expect(try await current.verify("wrong", against: stored) == .invalid)
        let rehashed = try await current.hash("correct horse battery staple")
        #expect(try await current.verify("correct horse battery staple", against: rehashed) == .valid)
    }

    @Test func differentlyComposedUnicodeVerifiesAfterNormalization() async throws {
        let hasher = PasswordHasher(policy: cheap)
        let stored = try await hasher.hash("caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e")
        let decomposed = "cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e"
        #expect(try await hasher.verify(decomposed, against: stored) == .valid)
    }

    @Test(arguments: [
        "", "$scrypt$ln=10,r=8,p=1$AAAA", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
            + String(repeating: "A", count: 43),
        "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$" + String(repeating: "A", count: 43),
    ])
    func malformedStoredHashesThrow(_ stored: String) async {
        let hasher = PasswordHasher(policy: cheap)
        await #expect(throws: CryptoError.malformedPasswordHash) {
            try await hasher.verify("password", against: stored)
        }
    }

    @Test func dummyVerificationCompletes() async {
        let hasher = PasswordHasher(policy: cheap)
        await hasher.verifyDummy("anything at all")
    }

    @Test func concurrentHashesNeverExceedThePoolSizeAndTheRestWait() async throws {
        let hasher = PasswordHasher(policy: try ScryptParameters(logN: 15, r: 8, p: 1), maxConcurrentHashes: 2)
        #expect(hasher.maxConcurrentHashes == 2)
        let finished = Counter()
        let hashes = (0..<10).map { index in
            Task {
                let hash = try await hasher.hash("password number \(index)")
                finished.increment()
                return hash
            }
        }
        var mostRunning = 0
        var mostWaiting = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while finished.value < hashes.count && ContinuousClock.now < deadline {
            mostRunning = max(mostRunning, hasher.runningHashes)
            mostWaiting = max(mostWaiting, hasher.waitingHashes)
            try await Task.sleep(for: .milliseconds(1))
        }
        var results: Set<String> = []
        for hash in hashes { results.insert(try await hash.value) }
        #expect(results.count == 10)
        #expect(mostRunning == 2)
        #expect(mostWaiting >= 1)
        #expect(hasher.runningHashes == 0 && hasher.waitingHashes == 0)
    }

    private final class Counter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }
}
