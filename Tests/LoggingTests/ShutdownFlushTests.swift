import Foundation
import Glibc
import Testing
import TestSupport

/// The bench server with request logging at info, as a program: its request lines must all be on standard
/// output once SIGTERM has stopped it.
@Suite struct ShutdownFlushTests {
    /// A product built beside the test bundle.
    static func product(_ name: String) throws -> String {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
        try #require(
            FileManager.default.isExecutableFile(atPath: path), "build \(name) first (swift build --build-tests)")
        return path
    }

    @Test func requestLinesWrittenJustBeforeSIGTERMReachStandardOutput() throws {
        let server = try Self.product("campus-bench-server")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("flush-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("out").path
        let port = 30_000 + Int(getpid() % 20_000)
        let running = try Subprocess.start(
            [
                // Lines wait a minute (or 64 KiB) before the writer thread writes them: only the flush on the way
                // out can put them on stdout in time.
                "env", "CAMPUS_LOG_INTERVAL_MS=60000", "BENCH_PORT=\(port)", "BENCH_LOG_LEVEL=info", "BENCH_POOL=1",
                "BENCH_LOOPS=2",
                "BENCH_DATABASE_URL=postgres://nobody@127.0.0.1:1/none", server,
            ], output: output, errors: scratch.appendingPathComponent("err").path)
        let base = "http://127.0.0.1:\(port)/plaintext"
        var isUp = false
        for _ in 0..<100 where !isUp {
            isUp = (try? Subprocess.status(of: ["curl", "-fsS", "-o", "/dev/null", base]).0) == 0
            if !isUp { usleep(100_000) }
        }
        try #require(isUp, "the bench server answers")
        let requests = 150
        // One curl, one keep-alive connection, `requests` requests back to back; SIGTERM right after the last.
        let (status, _) = try Subprocess.status(of: ["curl", "-fsS", "-o", "/dev/null", "\(base)?n=[1-\(requests)]"])
        #expect(status == 0)
        #expect(running.terminate() == 0)
        let lines = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
        let requestLines = lines.filter { $0.contains(#""route":"/plaintext""#) }
        #expect(requestLines.count == requests + 1)
        for line in requestLines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
        }
    }
}
