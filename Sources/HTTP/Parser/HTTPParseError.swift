/// Why a message could not be parsed; each case picks the status the server answers with before closing.
public struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: String, Hashable, Sendable {
        case bareLineFeed, bareCarriageReturn
        case invalidRequestLine, invalidMethod, invalidTarget, invalidVersion, unsupportedVersion
        case requestLineTooLong, headerLineTooLong, headTooLarge, tooManyFields
        case invalidFieldName, invalidFieldValue, obsoleteLineFolding
        case missingHost, duplicateHost, invalidHost
        case invalidContentLength, duplicateContentLength, contentLengthWithTransferEncoding
        case unsupportedTransferEncoding, invalidTransferEncoding, chunkedNotFinal, transferEncodingInHTTP10
        case invalidChunkSize, invalidChunkExtension, invalidChunkTerminator, chunkLineTooLong
        case bodyTooLarge, unsupportedExpectation
        case invalidStatusLine, truncatedMessage
    }

    private let kind: Kind

    /// A line ended with LF alone.
    public static let bareLineFeed = HTTPParseError(kind: .bareLineFeed)
    /// A CR was not followed by LF.
    public static let bareCarriageReturn = HTTPParseError(kind: .bareCarriageReturn)
    /// The request line is not `method SP target SP version`.
    public static let invalidRequestLine = HTTPParseError(kind: .invalidRequestLine)
    /// The method is not a token.
    public static let invalidMethod = HTTPParseError(kind: .invalidMethod)
    /// The target is not origin-, absolute- or asterisk-form, or holds forbidden bytes.
    public static let invalidTarget = HTTPParseError(kind: .invalidTarget)
    /// The version is not `HTTP/d.d`.
    public static let invalidVersion = HTTPParseError(kind: .invalidVersion)
    /// A well-formed version other than HTTP/1.0 or HTTP/1.1.
    public static let unsupportedVersion = HTTPParseError(kind: .unsupportedVersion)
    /// The request line is longer than the limit.
    public static let requestLineTooLong = HTTPParseError(kind: .requestLineTooLong)
    /// One field line is longer than the limit.
    public static let headerLineTooLong = HTTPParseError(kind: .headerLineTooLong)
    /// The whole head is larger than the limit.
    public static let headTooLarge = HTTPParseError(kind: .headTooLarge)
    /// There are more fields than the limit.
    public static let tooManyFields = HTTPParseError(kind: .tooManyFields)
    /// A field name is empty, not a token, or followed by whitespace before the colon.
    public static let invalidFieldName = HTTPParseError(kind: .invalidFieldName)
    /// A field value holds a control character.
    public static let invalidFieldValue = HTTPParseError(kind: .invalidFieldValue)
    /// A field line starts with whitespace (obsolete line folding).
    public static let obsoleteLineFolding = HTTPParseError(kind: .obsoleteLineFolding)
    /// An HTTP/1.1 request without `Host`.
    public static let missingHost = HTTPParseError(kind: .missingHost)
    /// More than one `Host` field.
    public static let duplicateHost = HTTPParseError(kind: .duplicateHost)
    /// A `Host` value that is not `host[:port]`.
    public static let invalidHost = HTTPParseError(kind: .invalidHost)
    /// `Content-Length` is not one unsigned decimal number that fits.
    public static let invalidContentLength = HTTPParseError(kind: .invalidContentLength)
    /// More than one `Content-Length` field or value.
    public static let duplicateContentLength = HTTPParseError(kind: .duplicateContentLength)
    /// Both `Content-Length` and `Transfer-Encoding`.
    public static let contentLengthWithTransferEncoding = HTTPParseError(kind: .contentLengthWithTransferEncoding)
    /// A `Transfer-Encoding` ending in one `chunked` after a coding the server does not decode.
    public static let unsupportedTransferEncoding = HTTPParseError(kind: .unsupportedTransferEncoding)
    /// A malformed `Transfer-Encoding` list, or one naming `chunked` more than once.
    public static let invalidTransferEncoding = HTTPParseError(kind: .invalidTransferEncoding)
    /// A `Transfer-Encoding` whose last coding is not `chunked`: the body's length cannot be known (RFC 9112 §6.3).
    public static let chunkedNotFinal = HTTPParseError(kind: .chunkedNotFinal)
    /// `Transfer-Encoding` in an HTTP/1.0 message.
    public static let transferEncodingInHTTP10 = HTTPParseError(kind: .transferEncodingInHTTP10)
    /// A chunk size that is not plain hexadecimal or does not fit.
    public static let invalidChunkSize = HTTPParseError(kind: .invalidChunkSize)
    /// A malformed chunk extension.
    public static let invalidChunkExtension = HTTPParseError(kind: .invalidChunkExtension)
    /// Chunk data not followed by CRLF.
    public static let invalidChunkTerminator = HTTPParseError(kind: .invalidChunkTerminator)
    /// A chunk-size line longer than the limit.
    public static let chunkLineTooLong = HTTPParseError(kind: .chunkLineTooLong)
    /// The body is larger than the limit.
    public static let bodyTooLarge = HTTPParseError(kind: .bodyTooLarge)
    /// An `Expect` value other than `100-continue`.
    public static let unsupportedExpectation = HTTPParseError(kind: .unsupportedExpectation)
    /// A response's status line is malformed.
    public static let invalidStatusLine = HTTPParseError(kind: .invalidStatusLine)
    /// The connection closed in the middle of a message.
    public static let truncatedMessage = HTTPParseError(kind: .truncatedMessage)

    /// The status a server answers with.
    public var status: HTTPStatus {
        switch kind {
        case .unsupportedVersion: .httpVersionNotSupported
        case .requestLineTooLong: .uriTooLong
        case .headerLineTooLong, .headTooLarge, .tooManyFields: .requestHeaderFieldsTooLarge
        case .unsupportedTransferEncoding: .notImplemented
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedExpectation: .expectationFailed
        default: .badRequest
        }
    }

    /// A stable machine-readable name, e.g. `invalidChunkSize`.
    public var code: String { kind.rawValue }

    /// A short explanation that is safe to send to the client.
    public var description: String {
        switch kind {
        case .bareLineFeed: "a line ended with LF instead of CRLF"
        case .bareCarriageReturn: "a CR was not followed by LF"
        case .invalidRequestLine: "the request line is malformed"
        case .invalidMethod: "the method is not a token"
        case .invalidTarget: "the request target is malformed"
        case .invalidVersion: "the protocol version is malformed"
        case .unsupportedVersion: "only HTTP/1.0 and HTTP/1.1 are supported"
        case .requestLineTooLong: "the request line is too long"
        case .headerLineTooLong: "a header field is too long"
        case .headTooLarge: "the header section is too large"
        case .tooManyFields: "there are too many header fields"
        case .invalidFieldName: "a header field name is malformed"
        case .invalidFieldValue: "a header field value holds a control character"
        case .obsoleteLineFolding: "folded header lines are not accepted"
        case .missingHost: "the Host header field is missing"
        case .duplicateHost: "there is more than one Host header field"
        case .invalidHost: "the Host header field is malformed"
        case .invalidContentLength: "Content-Length is malformed"
        case .duplicateContentLength: "Content-Length appears more than once"
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding are both present"
        case .unsupportedTransferEncoding: "only the chunked transfer coding is supported"
        case .invalidTransferEncoding: "Transfer-Encoding is malformed"
        case .chunkedNotFinal: "the last transfer coding must be chunked"
        case .transferEncodingInHTTP10: "Transfer-Encoding is not allowed in HTTP/1.0"
        case .invalidChunkSize: "a chunk size is malformed"
        case .invalidChunkExtension: "a chunk extension is malformed"
        case .invalidChunkTerminator: "chunk data is not followed by CRLF"
        case .chunkLineTooLong: "a chunk-size line is too long"
        case .bodyTooLarge: "the body is too large"
        case .unsupportedExpectation: "only the 100-continue expectation is supported"
        case .invalidStatusLine: "the status line is malformed"
        case .truncatedMessage: "the connection closed in the middle of a message"
        }
    }
}
