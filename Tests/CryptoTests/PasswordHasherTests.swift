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

    @Test func dummyVerificationCompletes() async throws {
        let hasher = PasswordHasher(policy: cheap)
        try await hasher.verifyDummy("anything at all")
    }

    @Test func concurrentHashesNeverExceedThePoolSize() async throws {
        let hasher = PasswordHasher(
            policy: try ScryptParameters(logN: 15, r: 8, p: 1), maxConcurrentHashes: 2, maxQueuedWork: .seconds(60),
            expectedCost: .milliseconds(20))
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
        let deadline = ContinuousClock.now + .seconds(30)
        while finished.value < hashes.count && ContinuousClock.now < deadline {
            mostRunning = max(mostRunning, hasher.runningHashes)
            try await Task.sleep(for: .milliseconds(1))
        }
        var results: Set<String> = []
        for hash in hashes { results.insert(try await hash.value) }
        #expect(results.count == 10)
        // Never more than the pool. A poll on a loaded machine may see nothing at all, so that the pool holds the
        // rest back is shown with jobs that block (HashingThreadPoolTests).
        #expect(mostRunning <= 2)
        #expect(hasher.runningHashes == 0 && hasher.waitingHashes == 0)
    }

    @Test(.timeLimit(.minutes(1))) func aFullQueueRefusesAtOnceWithRetryAfterAndNothingHangs() async throws {
        // 100 ms of queued work at an expected 50 ms per hash on 2 threads: 4 may wait, 2 run.
        let hasher = PasswordHasher(
            policy: try ScryptParameters(logN: 14, r: 8, p: 1), maxConcurrentHashes: 2,
            maxQueuedWork: .milliseconds(100), expectedCost: .milliseconds(50))
        let outcomes = await withTaskGroup(of: (refusal: HashingQueueFull?, seconds: Double).self) { group in
            for index in 0..<30 {
                group.addTask {
                    let start = ContinuousClock.now
                    do {
                        _ = try await hasher.hash("password number \(index)")
                        return (nil, Self.seconds(ContinuousClock.now - start))
                    } catch {
                        return (error as? HashingQueueFull, Self.seconds(ContinuousClock.now - start))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let refusals = outcomes.compactMap(\.refusal)
        #expect(outcomes.count == 30)
        #expect(refusals.count >= 20 && refusals.count <= 24, "\(refusals.count) refused")
        #expect(refusals.allSatisfy { $0.retryAfterSeconds >= 1 })
        #expect(outcomes.filter { $0.refusal != nil }.allSatisfy { $0.seconds < 0.05 })
        // A thread counts its job done just after handing the result over.
        let deadline = ContinuousClock.now + .seconds(5)
        while hasher.runningHashes > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        #expect(hasher.runningHashes == 0 && hasher.waitingHashes == 0 && hasher.reservedHashes == 0)
    }

    @Test(.timeLimit(.minutes(1))) func aReservedPlaceIsKeptForItsVerificationAndGivenBackWhenDropped() async throws {
        let hasher = PasswordHasher(
            policy: cheap, maxConcurrentHashes: 1, maxQueuedWork: .seconds(1), expectedCost: .seconds(1))
        let stored = try await hasher.hash("correct horse battery staple")
        var places = [try hasher.reserve(), try hasher.reserve()]
        #expect(hasher.reservedHashes == 2)
        #expect(throws: HashingQueueFull.self) { try hasher.reserve() }
        await #expect(throws: HashingQueueFull.self) { try await hasher.hash("another") }
        await #expect(throws: HashingQueueFull.self) { try await hasher.verifyDummy("another") }
        #expect(
            try await hasher.verify("correct horse battery staple", against: stored, reservation: places[0]) == .valid)
        // A used reservation holds nothing; another use needs a free place like any derivation.
        #expect(hasher.reservedHashes == 1)
        #expect(try await hasher.verify("wrong", against: stored, reservation: places[0]) == .invalid)
        places.removeAll()
        #expect(hasher.reservedHashes == 0)
        _ = try hasher.reserve()
        #expect(hasher.reservedHashes == 0)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private final class Counter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }
}
