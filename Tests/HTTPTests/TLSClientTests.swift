import Foundation
import IO
import TestSupport
import Testing

@testable import HTTP

/// A throwaway CA, a leaf certificate for `localhost` signed by it, an unrelated CA, and an
/// `openssl s_server -www` serving the leaf on 127.0.0.1.
final class LocalTLSServer {
    let directory: URL
    let port: UInt16
    private let server: Subprocess.Running

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("campus-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(
            ["req", "-x509"] + curve + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Campus Test CA",
            ], in: directory)
        try Self.openssl(
            ["req", "-x509"] + curve + [
                "-keyout", "other.key", "-out", "other.pem", "-days", "2", "-subj", "/CN=Other CA",
            ], in: directory)
        try Self.openssl(
            ["req"] + curve + ["-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost"], in: directory)
        try "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n".write(
            to: directory.appendingPathComponent("leaf.ext"), atomically: true, encoding: .utf8)
        try Self.openssl(
            [
                "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "leaf.pem",
                "-days", "2", "-extfile", "leaf.ext",
            ], in: directory)
        port = try unusedPort()
        server = try Subprocess.start(
            [
                "openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert", "leaf.pem", "-key", "leaf.key", "-www",
                "-quiet",
            ], in: directory.path)
        for _ in 0..<100 {
            if (try? RawConnection(port: port)) != nil { return }
            usleep(20_000)
        }
    }

    deinit {
        // SIGKILL: the test process may have passed an ignored SIGTERM disposition on to the child.
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private static func openssl(_ arguments: [String], in directory: URL) throws {
        let result = try Subprocess.run(["openssl"] + arguments, in: directory.path)
        guard result.status == 0 else { throw CocoaError(.executableLoad) }
    }
}

@Suite(.serialized) struct TLSClientTests {
    func fetch(_ url: String, tls: TLSConfiguration) async throws -> ClientResponse {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let client = try HTTPClient(
            configuration: .init(connectTimeout: .seconds(5), maxRetries: 0, tls: tls), eventLoopGroup: group)
        defer { client.shutdown() }
        return try await client.get(url)
    }

    @Test func handshakeSucceedsWithTheTestCA() async throws {
        let server = try LocalTLSServer()
        let response = try await fetch(
            "https://localhost:\(server.port)/", tls: TLSConfiguration(caFile: server.path("ca.pem")))
        #expect(response.status.code == 200)
        #expect(response.text.contains("s_server"))
    }

    @Test func verificationFailsForAnUnknownCA() async throws {
        let server = try LocalTLSServer()
        for tls in [
            TLSConfiguration(),
            TLSConfiguration(caFile: server.path("other.pem"), usesSystemTrustStore: false),
        ] {
            do {
                _ = try await fetch("https://localhost:\(server.port)/", tls: tls)
                Issue.record("an untrusted certificate was accepted")
            } catch let error as TLSError {
                #expect(error.isVerificationFailure)
            }
        }
    }

    @Test func verificationFailsForAWrongHostName() async throws {
        let server = try LocalTLSServer()
        do {
            _ = try await fetch(
                "https://127.0.0.1:\(server.port)/", tls: TLSConfiguration(caFile: server.path("ca.pem")))
            Issue.record("a certificate for another host was accepted")
        } catch let error as TLSError {
            #expect(error.isVerificationFailure)
        }
    }
}
