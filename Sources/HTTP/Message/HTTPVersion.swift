/// An HTTP/1.x protocol version.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// The major number (always 1 here).
    public let major: Int
    /// The minor number, 0 or 1.
    public let minor: Int

    /// Creates a version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// The version as it appears on the wire, e.g. `HTTP/1.1`.
    public var description: String { "HTTP/\(major).\(minor)" }
}
