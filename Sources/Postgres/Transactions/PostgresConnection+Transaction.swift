extension PostgresConnection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    ///
    /// This is the one place BEGIN, COMMIT and ROLLBACK are issued.
    @discardableResult
    public func withTransaction<T>(
        isolation: IsolationLevel = .readCommitted, readOnly: Bool = false,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let mode = readOnly ? " READ ONLY" : ""
        try await simpleQuery("BEGIN ISOLATION LEVEL \(isolation.rawValue)\(mode)")
        let result: T
        do {
            result = try await body(self)
        } catch {
            if isUsable { try? await simpleQuery("ROLLBACK") }
            throw error
        }
        try await simpleQuery("COMMIT")
        return result
    }
}

extension PostgresPool {
    /// Runs `body` in a transaction on a pooled connection: COMMIT when it returns, ROLLBACK when it throws.
    @discardableResult
    public func withTransaction<T>(
        isolation: IsolationLevel = .readCommitted, readOnly: Bool = false,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.withTransaction(isolation: isolation, readOnly: readOnly, body)
        }
    }

    /// Runs a transaction, retrying it from the start on serialization failures and deadlocks (40001, 40P01).
    ///
    /// `body` must be safe to run again: it should only touch the database through `connection`.
    /// - Parameter attempts: the most tries in all; the last failure is thrown.
    @discardableResult
    public func withRetryingTransaction<T>(
        isolation: IsolationLevel = .serializable, attempts: Int = 5,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        precondition(attempts >= 1)
        var attempt = 1
        while true {
            do {
                return try await withTransaction(isolation: isolation, body)
            } catch let error as PostgresError where error.isRetryableTransactionFailure && attempt < attempts {
                // Jittered exponential back-off so the colliding transactions do not meet again.
                let ceiling = 5 << min(attempt, 6)
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...ceiling)))
                attempt += 1
            }
        }
    }
}
