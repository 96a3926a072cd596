import Foundation
import HTTP

/// Calls another service's `/internal` API: every request carries this service's credential
/// (`Authorization: Service <token>`) and the caller's request id (`X-Request-Id`), and has a timeout.
///
/// ```swift
/// let user: InternalUser? = try await client.get("\(identityURL)/internal/v1/users/\(id)", requestID: id)
/// ```
public struct InternalClient: Sendable {
    let client: HTTPClient
    let credential: ServiceCredential
    let timeout: Duration

    /// Creates a client.
    /// - Parameter timeout: the longest a call may take, connection included.
    public init(client: HTTPClient, credential: ServiceCredential, timeout: Duration = .seconds(5)) {
        self.client = client
        self.credential = credential
        self.timeout = timeout
    }

    /// GETs `url` and decodes its JSON as `T`; `nil` on 404.
    /// - Throws: `InternalCallError` (answered as 503) for any other non-2xx status, no answer, or bad JSON.
    public func get<T: Decodable>(_ url: String, as type: T.Type = T.self, requestID: String?) async throws -> T? {
        let response = try await send(.get, url, requestID: requestID)
        if response.status == .notFound { return nil }
        return try decode(T.self, from: response, url: url)
    }

    /// `value` percent-encoded for a query string (letters, digits and `-._~@` stay as they are).
    public static func queryValue(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `get(_:as:requestID:)` of `path` (from `/internal`) at the service whose base URL is `base` (with or
    /// without a trailing slash).
    public func get<T: Decodable>(_ path: String, at base: String, as type: T.Type = T.self, requestID: String?)
        async throws -> T?
    {
        try await get((base.hasSuffix("/") ? String(base.dropLast()) : base) + path, as: T.self, requestID: requestID)
    }

    /// POSTs `body` as JSON to `url` and decodes the JSON answer as `T`.
    /// - Throws: `InternalCallError` for a non-2xx status, no answer, or bad JSON.
    public func post<Body: Encodable, T: Decodable>(
        _ url: String, json body: Body, as type: T.Type = T.self, requestID: String?
    ) async throws -> T {
        let bytes: [UInt8]
        do {
            bytes = try JSONWriter().encode(body)
        } catch {
            throw InternalCallError(path: Self.path(of: url), upstreamStatus: nil, reason: "the body is not JSON")
        }
        let response = try await send(.post, url, body: bytes, contentType: "application/json", requestID: requestID)
        return try decode(T.self, from: response, url: url)
    }

    /// Sends a request with the credential and returns whatever status the other service answered.
    /// - Parameters:
    ///   - timeout: overrides the client's timeout for this call.
    ///   - isRetryable: whether to resend after a connection failure (defaults to the method's idempotency;
    ///     pass `true` for a POST the receiver de-duplicates).
    /// - Throws: `InternalCallError` when there was no answer.
    public func send(
        _ method: HTTPMethod, _ url: String, body: [UInt8] = [], contentType: String? = nil, requestID: String?,
        timeout: Duration? = nil, isRetryable: Bool? = nil
    ) async throws(InternalCallError) -> ClientResponse {
        var headers: HTTPHeaders = ["Authorization": credential.authorization(), "Accept": "application/json"]
        if let contentType { headers.set("Content-Type", contentType) }
        var request = ClientRequest(
            method: method, url: url, headers: headers, body: body, requestId: requestID,
            timeout: timeout ?? self.timeout)
        request.isRetryable = isRetryable
        do {
            return try await client.execute(request)
        } catch {
            throw InternalCallError(path: Self.path(of: url), upstreamStatus: nil, reason: String(describing: error))
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: ClientResponse, url: String) throws -> T {
        guard (200..<300).contains(response.status.code) else {
            throw InternalCallError(
                path: Self.path(of: url), upstreamStatus: response.status.code, reason: "unexpected status")
        }
        do {
            return try response.decode(T.self)
        } catch {
            throw InternalCallError(
                path: Self.path(of: url), upstreamStatus: response.status.code,
                reason: "the answer is not the expected JSON")
        }
    }

    static func path(of url: String) -> String {
        URLComponents(string: url)?.path ?? "?"
    }
}
