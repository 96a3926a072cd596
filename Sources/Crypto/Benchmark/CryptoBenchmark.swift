import Foundation

/// A micro-benchmark of the costly operations, for a bench executable built in release mode.
public enum CryptoBenchmark {
    /// Measures scrypt at `policy` (one at a time, then all cores through `PasswordHasher`) and JWT sign/verify,
    /// and returns a short human-readable report.
    public static func run(policy: ScryptParameters = .recommended) async -> String {
        do {
            return try await measure(policy: policy)
        } catch {
            return "benchmark failed: \(error)"
        }
    }

    private static func measure(policy: ScryptParameters) async throws -> String {
        let clock = ContinuousClock()
        var lines: [String] = []
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // No queue bound: the benchmark queues all its hashes on purpose.
        let hasher = PasswordHasher(policy: policy, maxConcurrentHashes: cores, maxQueuedWork: .seconds(86400))
        let password = "correct horse battery staple"
        _ = try await hasher.hash(password)

        let sequentialCount = 8
        let sequential = try await clock.measure {
            for _ in 0..<sequentialCount { _ = try await hasher.hash(password) }
        }
        let perHash = milliseconds(sequential) / Double(sequentialCount)
        lines.append("scrypt \(policy): \(format(perHash)) ms per hash, one at a time (\(sequentialCount) hashes)")

        let concurrentCount = 4 * cores
        let concurrent = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrentCount { group.addTask { _ = try await hasher.hash(password) } }
                try await group.waitForAll()
            }
        }
        let rate = Double(concurrentCount) / seconds(concurrent)
        lines.append("scrypt \(policy): \(format(rate)) hashes/s on \(cores) threads (\(concurrentCount) hashes)")

        let privateKey = try Ed25519PrivateKey()
        let signer = JWTSigner(privateKey: privateKey, keyID: "bench")
        let now = Date()
        let claims = JWTClaims(
            issuer: "bench", subject: UUIDv7Generator().next().uuidString.lowercased(), audience: ["bench"],
            expiresAt: now.addingTimeInterval(900), issuedAt: now, id: SecureRandom.token(), role: "student",
            isApproved: false)
        let tokenCount = 20_000
        var token = ""
        let signing = try clock.measure {
            for _ in 0..<tokenCount { token = try signer.sign(claims) }
        }
        lines.append("JWT EdDSA sign: \(format(Double(tokenCount) / seconds(signing))) tokens/s (one thread)")

        let verifier = JWTVerifier(
            keys: JWTKeySet([signer.keyID: signer.publicKey]), issuer: "bench", audience: "bench")
        let verifying = try await clock.measure {
            for _ in 0..<tokenCount { _ = try await verifier.verify(token) }
        }
        lines.append("JWT EdDSA verify: \(format(Double(tokenCount) / seconds(verifying))) tokens/s (one thread)")

        let message = Array(token.utf8)
        var signature: [UInt8] = []
        let rawSigning = try clock.measure {
            for _ in 0..<tokenCount { signature = try privateKey.signature(for: message) }
        }
        let rawVerifying = clock.measure {
            for _ in 0..<tokenCount { _ = signer.publicKey.isValidSignature(signature, for: message) }
        }
        lines.append(
            "Ed25519 alone: \(format(Double(tokenCount) / seconds(rawSigning))) signatures/s, "
                + "\(format(Double(tokenCount) / seconds(rawVerifying))) verifications/s (one thread)")
        return lines.joined(separator: "\n")
    }

    private static func seconds(_ duration: Duration) -> Double {
        let components = duration.components
        return Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        seconds(duration) * 1000
    }

    private static func format(_ value: Double) -> String {
        String(format: value >= 100 ? "%.0f" : "%.1f", value)
    }
}
