import CSystem
import Glibc


/// Readiness of a descriptor, as requested of and reported by the event loop.
public struct IOEvents: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    /// Creates a set from epoll bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Data can be read (or a peer is waiting to be accepted).
    public static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    /// Data can be written without blocking.
    public static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    /// The peer closed its writing half.
    public static let readHangup = IOEvents(rawValue: EPOLLRDHUP.rawValue)
    /// Both directions are closed; reported whether asked for or not.
    public static let hangup = IOEvents(rawValue: EPOLLHUP.rawValue)
    /// The descriptor has a pending error; reported whether asked for or not.
    public static let error = IOEvents(rawValue: EPOLLERR.rawValue)
}
