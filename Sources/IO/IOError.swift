import CSystem
import Glibc




/// An error from a system call: the call's name and the `errno` it set.
public struct IOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The name of the failing call, e.g. `epoll_ctl`.
    public let call: String
    /// The `errno` value the call reported.
    public let errno: Int32

    /// Creates an error for `call` that failed with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Why a wait on the event loop ended without the awaited readiness.
public struct EventLoopError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case timedOut, shutDown, alreadyWaiting
    }
    private let kind: Kind

    /// The deadline passed before the descriptor became ready.
    public static let timedOut = EventLoopError(kind: .timedOut)
    /// The loop stopped while the wait was pending.
    public static let shutDown = EventLoopError(kind: .shutDown)
    /// Another task already waits on the same descriptor.
    public static let alreadyWaiting = EventLoopError(kind: .alreadyWaiting)

    public var description: String {
        switch kind {
        case .timedOut: "the wait timed out"
        case .shutDown: "the event loop has shut down"
        case .alreadyWaiting: "another task already waits on this descriptor"
        }
    }
}
