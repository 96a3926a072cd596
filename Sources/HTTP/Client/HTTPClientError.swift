/// Why a client request failed.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case invalidURL, unsupportedScheme, connectTimeout, readTimeout, totalTimeout, connectionClosed
        case invalidResponse, shutDown
    }

    private let kind: Kind

    /// The URL could not be parsed or has no host.
    public static let invalidURL = HTTPClientError(kind: .invalidURL)
    /// Only `http` and `https` are supported.
    public static let unsupportedScheme = HTTPClientError(kind: .unsupportedScheme)
    /// The connection (or TLS handshake) did not complete in time.
    public static let connectTimeout = HTTPClientError(kind: .connectTimeout)
    /// The server sent nothing for longer than the read timeout.
    public static let readTimeout = HTTPClientError(kind: .readTimeout)
    /// The whole exchange took longer than the total timeout.
    public static let totalTimeout = HTTPClientError(kind: .totalTimeout)
    /// The server closed the connection before the response was complete.
    public static let connectionClosed = HTTPClientError(kind: .connectionClosed)
    /// The response was not valid HTTP/1.1.
    public static let invalidResponse = HTTPClientError(kind: .invalidResponse)
    /// The client has been shut down.
    public static let shutDown = HTTPClientError(kind: .shutDown)

    /// Whether retrying an idempotent request could help.
    var isRetryable: Bool {
        switch kind {
        case .connectionClosed, .connectTimeout: true
        default: false
        }
    }

    /// A short explanation.
    public var description: String {
        switch kind {
        case .invalidURL: "the URL is invalid"
        case .unsupportedScheme: "only http and https URLs are supported"
        case .connectTimeout: "connecting timed out"
        case .readTimeout: "the server did not answer in time"
        case .totalTimeout: "the request took too long"
        case .connectionClosed: "the server closed the connection early"
        case .invalidResponse: "the server sent an invalid response"
        case .shutDown: "the client has been shut down"
        }
    }
}
