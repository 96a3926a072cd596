/// A request's route, matched once from its head: the body limit to read the request with and the answer.
public struct MatchedRoute: Sendable {
    /// The largest body the route accepts; `nil` keeps the server's default.
    public let maxBodyBytes: Int?
    private let answer: @Sendable (Request) async -> Response

    /// Creates a route answering with `answer`, which must already turn errors into responses.
    public init(maxBodyBytes: Int? = nil, answer: @escaping @Sendable (Request) async -> Response) {
        self.maxBodyBytes = maxBodyBytes
        self.answer = answer
    }

    /// Answers `request`, the request whose head this route was matched from.
    public func respond(to request: Request) async -> Response {
        await answer(request)
    }
}
