import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs helper programs from tests with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process.waitUntilExit` was seen to hang in the test process (its child monitor missed
/// the exit when several tests spawned programs at once), so tests start programs through this instead.
public enum Subprocess {
    /// How a program ended and what it wrote.
    public struct Result: Sendable {
        /// The exit status, or -1 when a signal ended it.
        public let status: Int32
        /// Its standard output.
        public let output: String
        /// Its standard error.
        public let errors: String
    }

    /// A program left running in the background; `stop()` (or deinit) kills it and reaps it.
    public final class Running: @unchecked Sendable {
        /// Its process id.
        public let pid: pid_t
        private var isStopped = false

        init(pid: pid_t) { self.pid = pid }

        deinit { stop() }

        /// Sends SIGTERM and waits for the program to end; returns its exit status (-1 when a signal ended it, or
        /// when it was stopped already).
        public func terminate() -> Int32 {
            guard !isStopped else { return -1 }
            isStopped = true
            kill(pid, SIGTERM)
            return Subprocess.wait(for: pid)
        }

        /// Sends SIGKILL and waits for the program to end.
        public func stop() {
            guard !isStopped else { return }
            isStopped = true
            kill(pid, SIGKILL)
            _ = Subprocess.wait(for: pid)
        }
    }

    /// Runs `arguments` to completion; returns its exit status and everything it wrote, output then errors.
    @discardableResult
    public static func status(of arguments: [String]) throws -> (Int32, String) {
        let result = try run(arguments)
        return (result.status, result.output + result.errors)
    }

    /// Runs `arguments` (looked up on `PATH`) in `directory` to completion, feeding it `input`.
    public static func run(_ arguments: [String], in directory: String? = nil, input: [UInt8] = []) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("subprocess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdin = scratch.appendingPathComponent("in").path
        let stdout = scratch.appendingPathComponent("out").path
        let stderr = scratch.appendingPathComponent("err").path
        try Data(input).write(to: URL(fileURLWithPath: stdin))
        let pid = try spawn(arguments, in: directory, stdin: stdin, stdout: stdout, stderr: stderr)
        let status = wait(for: pid)
        return Result(
            status: status,
            output: (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "")
    }

    /// Starts `arguments` in `directory` with its output discarded and returns at once.
    public static func start(_ arguments: [String], in directory: String? = nil) throws -> Running {
        Running(pid: try spawn(arguments, in: directory, stdin: "/dev/null", stdout: "/dev/null", stderr: "/dev/null"))
    }

    /// Starts `arguments` in `directory` with its standard output and errors written to the files `output` and
    /// `errors`, and returns at once.
    public static func start(_ arguments: [String], in directory: String? = nil, output: String, errors: String)
        throws -> Running
    {
        Running(pid: try spawn(arguments, in: directory, stdin: "/dev/null", stdout: output, stderr: errors))
    }

    private static func spawn(
        _ arguments: [String], in directory: String?, stdin: String, stdout: String, stderr: String
    ) throws -> pid_t {
        var script = "exec " + arguments.map(quote).joined(separator: " ")
        script += " <\(quote(stdin)) >\(quote(stdout)) 2>\(quote(stderr))"
        if let directory { script = "cd \(quote(directory)) && " + script }
        let argv = ["/bin/sh", "-c", script]
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", nil, nil, cArguments, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        return pid
    }

    fileprivate static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    private static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
