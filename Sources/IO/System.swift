import CSystem
import Glibc




/// Thin wrappers over the system calls the loop uses: each retries `EINTR` and throws `IOError` naming the call.
public enum System {
    /// Runs `body` until it returns something other than -1 with `EINTR`; -1 with another errno throws.
    @inline(__always)
    public static func retrying<T: FixedWidthInteger>(_ call: String, _ body: () -> T) throws -> T {
        while true {
            let result = body()
            if result == -1 {
                let code = Glibc.errno
                if code == EINTR { continue }
                throw IOError(call: call, errno: code)
            }
            return result
        }
    }

    /// Closes a descriptor; `EINTR` is not retried, as Linux has already released the descriptor.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Current monotonic time in nanoseconds.
    @inline(__always)
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Ignores SIGPIPE for the process, so a write to a closed socket returns `EPIPE` instead of killing it.
    public static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
