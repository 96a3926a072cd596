import Foundation
import Glibc
import HTTP
import IO
import TestSupport

/// The throw-away certificate authority the provider fakes serve HTTPS with (`deploy/fakes/test-ca.sh`), made (or
/// found still valid) once per test run in the temporary directory.
struct TestCertificates: Sendable {
    /// The directory holding them.
    let directory: String
    /// The CA certificate our TLS client is told to trust.
    var caFile: String { directory + "/ca.pem" }
    /// The fakes' server certificate (for 127.0.0.1, ::1 and localhost).
    var certificate: String { directory + "/server.pem" }
    /// Its private key.
    var key: String { directory + "/server.key" }

    private static let made: Result<TestCertificates, ProviderFakeError> = {
        // One directory per checkout: test-ca.sh keeps certificates that are still valid, so runs do not pile up
        // directories, and two worktrees testing at once never share one.
        let checkout = ProviderFake.fakesDirectory.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("campus-test-ca" + String(checkout)).path
        let script = ProviderFake.fakesDirectory + "/test-ca.sh"
        do {
            let (status, output) = try Subprocess.status(of: ["bash", script, directory])
            guard status == 0 else { return .failure(ProviderFakeError("test-ca.sh failed (\(status)): \(output)")) }
        } catch {
            return .failure(ProviderFakeError("test-ca.sh could not run: \(error)"))
        }
        return .success(TestCertificates(directory: directory))
    }()

    /// The certificates of this run, made on first use.
    static func shared() throws -> TestCertificates { try made.get() }
}

/// Why a provider fake could not be started.
struct ProviderFakeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A provider fake of `deploy/fakes` (`stripe_fake.py`, `sslcommerz_fake.py`) running as a child process on
/// 127.0.0.1 over HTTPS with the test CA, and a client of ours that trusts that CA.
///
/// ```swift
/// try await ProviderFake.with(script: "sslcommerz_fake.py", arguments: ["--store-id", "campustest"]) { fake in
///     let response = try await fake.control(.get, "/_fake/health")
/// }
/// ```
final class ProviderFake: Sendable {
    /// Its base URL, `https://127.0.0.1:PORT`, as it printed it.
    let url: String
    /// The CA file that verifies its certificate.
    let caFile: String
    /// Our HTTP client trusting `caFile`, for the code under test and for the control API.
    let client: HTTPClient
    private let process: FakeProcess
    private let scratch: URL

    private init(url: String, caFile: String, client: HTTPClient, process: FakeProcess, scratch: URL) {
        self.url = url
        self.caFile = caFile
        self.client = client
        self.process = process
        self.scratch = scratch
    }

    /// `deploy/fakes` in this checkout (found from this file, as `TestSchema.repositoryRoot` finds the root).
    static var fakesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/fakes").path
    }

    /// Starts `python3 deploy/fakes/<script> --host 127.0.0.1 --port 0 --cert … --key … --quiet` plus `arguments`,
    /// and returns once it has printed its URL.
    /// - Throws: `ProviderFakeError` (with what it wrote to stderr) when it does not start within `timeout`.
    static func start(script: String, arguments: [String], timeout: Duration = .seconds(20)) async throws
        -> ProviderFake
    {
        let certificates = try TestCertificates.shared()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("provider-fake-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let output = scratch.appendingPathComponent("out").path
        let errors = scratch.appendingPathComponent("err").path
        let command =
            [
                "python3", fakesDirectory + "/" + script, "--host", "127.0.0.1", "--port", "0",
                "--cert", certificates.certificate, "--key", certificates.key, "--quiet",
            ] + arguments
        let process = try FakeProcess(command, output: output, errors: errors)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let url = Self.announcedURL(in: output) {
                let client = try HTTPClient(
                    configuration: HTTPClientConfiguration(
                        connectTimeout: .seconds(5), totalTimeout: .seconds(20),
                        tls: TLSConfiguration(caFile: certificates.caFile)),
                    eventLoopGroup: TestSchema.group)
                return ProviderFake(
                    url: url, caFile: certificates.caFile, client: client, process: process, scratch: scratch)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await process.terminate()
        let written = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: scratch)
        throw ProviderFakeError("\(script) did not announce its URL within \(timeout): \(written)")
    }

    /// Runs `body` with a started fake and stops it afterwards, whether `body` returns or throws.
    static func with<T>(
        script: String, arguments: [String], _ body: (ProviderFake) async throws -> T
    ) async throws -> T {
        let fake = try await start(script: script, arguments: arguments)
        do {
            let value = try await body(fake)
            await fake.stop()
            return value
        } catch {
            await fake.stop()
            throw error
        }
    }

    /// Sends SIGTERM, waits for the process to end (killing it after a few seconds) and forgets its files; returns
    /// its exit status (`nil` when it had to be killed).
    @discardableResult
    func stop() async -> Int32? {
        client.shutdown()
        let status = await process.terminate()
        try? FileManager.default.removeItem(at: scratch)
        return status
    }

    /// What it wrote to stderr so far (for a failing test's message).
    var errors: String {
        (try? String(contentsOfFile: scratch.appendingPathComponent("err").path, encoding: .utf8)) ?? ""
    }

    /// Calls its control API (`/_fake/…`) with `body` as JSON and returns the answer, whatever its status.
    func control(_ method: HTTPMethod, _ path: String, json body: (some Encodable & Sendable)? = nil as Empty?)
        async throws -> ClientResponse
    {
        var request = ClientRequest(method: method, url: url + path)
        if let body { request = try .json(method, url: url + path, body) }
        return try await client.execute(request)
    }

    /// Calls its control API and decodes a 2xx JSON answer as `T`.
    /// - Throws: `ProviderFakeError` with the answer for any other status.
    func control<T: Decodable>(
        _ method: HTTPMethod, _ path: String, json body: (some Encodable & Sendable)? = nil as Empty?,
        as type: T.Type
    ) async throws -> T {
        let response = try await control(method, path, json: body)
        guard (200..<300).contains(response.status.code) else {
            throw ProviderFakeError("\(method.rawValue) \(path) answered \(response.status.code): \(response.text)")
        }
        return try response.decode(T.self)
    }

    /// No body.
    struct Empty: Encodable, Sendable {}

    /// The URL of `{"url": "…"}` once the first line is complete.
    private static func announcedURL(in file: String) -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8), let end = text.firstIndex(of: "\n")
        else { return nil }
        struct Announcement: Decodable { let url: String }
        return (try? JSONDecoder().decode(Announcement.self, from: Data(text[..<end].utf8)))?.url
    }
}

/// A fake's child process, started with an empty signal mask and default SIGTERM and SIGINT handling.
///
/// The test process's threads block signals (dispatch's workers do) and a spawned program inherits that mask, so
/// without resetting it a fake would never see the SIGTERM that asks it to stop.
final class FakeProcess: Sendable {
    /// Its process id.
    let pid: pid_t
    private let isReaped = Locked(false)

    /// Starts `arguments` (the program looked up on `PATH`) with stdin from /dev/null and stdout and stderr written
    /// to the files `output` and `errors`.
    init(_ arguments: [String], output: String, errors: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, cArguments, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        self.pid = pid
    }

    deinit {
        if !isReaped.withLock({ $0 }) {
            kill(pid, SIGKILL)
            _ = Self.reap(pid, options: 0)
        }
    }

    /// Sends SIGTERM and waits up to `grace` for the process to end, then SIGKILL; returns its exit status (`nil`
    /// when a signal ended it or it was reaped already). Waits without blocking a thread.
    @discardableResult
    func terminate(grace: Duration = .seconds(5)) async -> Int32? {
        guard !isReaped.withLock({ $0 }) else { return nil }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        var status = Self.reap(pid, options: WNOHANG)
        while status == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            status = Self.reap(pid, options: WNOHANG)
        }
        if status == nil {
            kill(pid, SIGKILL)
            status = Self.reap(pid, options: 0)
        }
        isReaped.withLock { $0 = true }
        return (status ?? -1) >= 0 ? status : nil
    }

    /// The exit status once `pid` has ended (-1 for a signal), or `nil` while it runs.
    private static func reap(_ pid: pid_t, options: Int32) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, options)
            if result == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1 }
            if result == 0 { return nil }
            if errno != EINTR { return -1 }
        }
    }
}

/// Requests a fake provider sent to us (webhooks, IPNs), received by our HTTP server on 127.0.0.1.
final class WebhookInbox: Sendable {
    /// One request as it arrived.
    struct Delivery: Sendable {
        /// Its header fields.
        let headers: HTTPHeaders
        /// Its raw body.
        let body: [UInt8]
    }

    /// The URL to give the provider.
    let url: String
    private let deliveries: Locked<[Delivery]>

    private init(url: String, deliveries: Locked<[Delivery]>) {
        self.url = url
        self.deliveries = deliveries
    }

    /// Runs `body` with an inbox answering `status` to every POST to `path`; stops it afterwards.
    static func with<T>(
        path: String = "/webhooks", status: HTTPStatus = .ok, _ body: (WebhookInbox) async throws -> T
    ) async throws -> T {
        let deliveries = Locked<[Delivery]>([])
        return try await FakeService.with("provider-inbox", internalOnly: false) { router, _ in
            router.post(path) { request, _ in
                deliveries.withLock { $0.append(Delivery(headers: request.headers, body: request.body)) }
                return Response(status: status)
            }
        } _: { service in
            try await body(WebhookInbox(url: service.url + path, deliveries: deliveries))
        }
    }

    /// Everything received so far, oldest first.
    var received: [Delivery] { deliveries.withLock { $0 } }

    /// Waits until at least `count` requests arrived (or `timeout` passed) and returns them all.
    func wait(for count: Int, timeout: Duration = .seconds(15)) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while received.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        return received
    }
}
