import HTTP
import IO

/// Whole answers of the public search routes (`/v1/courses`, `/suggest`, `/popular`), kept for a few seconds
/// (`CATALOG_SEARCH_CACHE_TTL`, 5 s; 0 keeps none) under the request target exactly as sent.
///
/// These answers are the same for every caller, and the same few searches make most of them: a popular search
/// is answered once per replica per lifetime instead of on every request.
/// - Requests for a target being answered wait for that answer instead of computing it again, so an expiry
///   does not send every waiting request of a popular search to the database at once.
/// - Only 200 answers are kept: a target that fails validation is checked anew every time.
/// - Any successful write through this replica (a course edit, a publication, an event from identity or
///   learning) empties the cache at once, and an answer computed while a write landed is not kept
///   (`invalidation`). Another replica's answers may be up to the lifetime old, as its facet counts may.
struct SearchResponseCache: Sendable {
    private let responses: ExpiringCache<Response>
    private let state = Locked(State())

    private struct State {
        /// Counts invalidations; an answer is kept only if none happened while it was computed.
        var generation = 0
        var pending: [String: Task<Response, any Error>] = [:]
    }

    init(lifetime: Duration) {
        responses = ExpiringCache(lifetime: lifetime, capacity: 4096)
    }

    /// The kept answer to `request`, the answer being computed for the same target, or `make`'s.
    func response(
        to request: Request, _ make: @escaping @Sendable () async throws -> Response
    ) async throws -> Response {
        guard responses.isEnabled else { return try await make() }
        let key = request.target
        if let kept = responses.value(for: key) { return kept }
        let (task, generation) = state.withLock { state in
            if let pending = state.pending[key] { return (pending, nil as Int?) }
            let task = Task { try await make() }
            state.pending[key] = task
            return (task, state.generation)
        }
        guard let generation else { return try await task.value }
        let result = await task.result
        let keep = state.withLock { state in
            if state.pending[key] == task { state.pending[key] = nil }
            return state.generation == generation
        }
        let response = try result.get()
        if keep, response.status == .ok, response.body.bytes != nil { responses.store(response, for: key) }
        return response
    }

    /// Forgets every answer, and lets no answer being computed now be kept.
    func invalidate() {
        state.withLock { state in
            state.generation += 1
            state.pending.removeAll()
        }
        responses.removeAll()
    }

    /// Empties the cache after every successful request that may write (any method but GET and HEAD).
    var invalidation: some Middleware {
        let cache = self
        return ClosureMiddleware { request, context, next in
            let response = try await next(request, context)
            if request.method != .get, request.method != .head, response.status.code < 400 { cache.invalidate() }
            return response
        }
    }
}
