import CLibPQ
import IO

extension PostgresConnection {
    /// Runs a query and returns its rows, through this connection's prepared-statement cache (unless the query
    /// is planned per run).
    @discardableResult
    public func query(_ query: Query) async throws(PostgresError) -> Rows {
        try Self.checkBinds(query)
        if query.isPlannedPerRun { return try await executeUnnamed(query) }
        let key = StatementCache.Key(sql: query.sql, binds: query.binds)
        do throws(PostgresError) {
            if let name = statements.name(for: key) {
                return try await executePrepared(name, query)
            }
            if statements.isFull {
                return try await executeUnnamed(query)
            }
            let name = statements.insert(key)
            do throws(PostgresError) {
                try await prepare(name, query)
            } catch {
                statements.remove(key)
                throw error
            }
            return try await executePrepared(name, query)
        } catch let error where error.sqlState == .invalidSQLStatementName || isStalePlan(error) {
            // The server forgot the statement (a pooler's DISCARD ALL) or its result type changed
            // (schema change): drop it from the cache and run the query unnamed, this once.
            if isStalePlan(error), let name = statements.name(for: key) {
                _ = try? await simpleQuery("DEALLOCATE \(name)")
            }
            statements.remove(key)
            return try await executeUnnamed(query)
        }
    }

    /// Runs a statement and returns how many rows it affected.
    @discardableResult
    public func execute(_ query: Query) async throws(PostgresError) -> Int {
        try await self.query(query).affectedRows
    }

    /// Runs SQL text that may hold several statements and no binds (simple query protocol), e.g. a migration.
    public func simpleQuery(_ sql: String) async throws(PostgresError) {
        _ = try await send(sql: sql) { PQsendQuery(handle, sql) }
    }

    /// Refuses binds libpq would truncate: it sends each value as a C string, so text after a NUL would be lost.
    static func checkBinds(_ query: Query) throws(PostgresError) {
        for (index, bind) in query.binds.enumerated() where bind.text?.utf8.contains(0) == true {
            throw PostgresError.nulInBind(parameter: index + 1).with(query: query.sql)
        }
    }

    private func isStalePlan(_ error: PostgresError) -> Bool {
        error.sqlState == .featureNotSupported && error.message.contains("cached plan")
    }

    private func prepare(_ name: String, _ query: Query) async throws(PostgresError) {
        let types = query.binds.map(\.type.oid)
        _ = try await send(sql: query.sql) {
            PQsendPrepare(handle, name, query.sql, Int32(types.count), types)
        }
    }

    private func executePrepared(_ name: String, _ query: Query) async throws(PostgresError) -> Rows {
        try await send(sql: query.sql) {
            withBindValues(query.binds) { values in
                PQsendQueryPrepared(handle, name, Int32(query.binds.count), values, nil, nil, 1)
            }
        }
    }

    private func executeUnnamed(_ query: Query) async throws(PostgresError) -> Rows {
        let types = query.binds.map(\.type.oid)
        return try await send(sql: query.sql) {
            withBindValues(query.binds) { values in
                PQsendQueryParams(handle, query.sql, Int32(query.binds.count), types, values, nil, nil, 1)
            }
        }
    }

    /// Starts a command with `start`, flushes it, and collects every result until libpq reports the end.
    ///
    /// - Returns: the last result's rows; the first error result is thrown after the stream is drained.
    func send(sql: String, _ start: () -> Int32) async throws(PostgresError) -> Rows {
        guard isUsable else { throw PostgresError.connection("the connection is closed").with(query: sql) }
        guard start() == 1 else { throw fail(sql: sql) }
        try await flush(sql: sql)
        var last: QueryResult? = nil
        var firstError: PostgresError? = nil
        while true {
            while PQisBusy(handle) == 1 {
                try await waitForInput(sql: sql)
            }
            guard let result = PQgetResult(handle) else { break }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                last = QueryResult(result)
            case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
                if firstError == nil { firstError = Self.serverError(result, sql: sql) }
                PQclear(result)
            default:
                PQclear(result)
                if firstError == nil { firstError = PostgresError.unsupported("COPY is not supported").with(query: sql) }
            }
        }
        if PQstatus(handle) != CONNECTION_OK { markBroken() }
        if let firstError {
            if firstError.sqlState?.errorClass == "57" || firstError.sqlState?.errorClass == "08" { markBroken() }
            throw firstError
        }
        guard let last else { throw PostgresError.connection("no result").with(query: sql) }
        return Rows(result: last)
    }

    private func flush(sql: String) async throws(PostgresError) {
        while true {
            switch PQflush(handle) {
            case 0: return
            case 1:
                let events: IOEvents
                do {
                    events = try await loop.wait(for: [.readable, .writable], on: socket)
                } catch {
                    throw fail(sql: sql, "\(error)")
                }
                if events.contains(.readable), PQconsumeInput(handle) != 1 { throw fail(sql: sql) }
            default:
                throw fail(sql: sql)
            }
        }
    }

    /// Waits until the socket is readable and lets libpq read what arrived.
    func waitForInput(sql: String) async throws(PostgresError) {
        do {
            _ = try await loop.wait(for: .readable, on: socket)
        } catch {
            throw fail(sql: sql, "\(error)")
        }
        guard PQconsumeInput(handle) == 1 else { throw fail(sql: sql) }
    }

    private func fail(sql: String, _ message: String? = nil) -> PostgresError {
        markBroken()
        return PostgresError.connection(message ?? Self.errorMessage(handle)).with(query: sql)
    }

    static func serverError(_ result: OpaquePointer, sql: String) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        return PostgresError.server(
            sqlState: field(UInt8(ascii: "C")).map(SQLState.init),
            message: field(UInt8(ascii: "M")) ?? String(cString: PQresultErrorMessage(result)).trimmingWhitespace(),
            detail: field(UInt8(ascii: "D")),
            constraint: field(UInt8(ascii: "n")),
            query: sql
        )
    }
}

/// Calls `body` with C pointers to each bind's NUL-terminated text (NULL for SQL NULL), from one buffer.
private func withBindValues<R>(_ binds: [Query.Bind], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    if binds.isEmpty { return body(nil) }
    var storage = [CChar]()
    var offsets: [Int] = []
    offsets.reserveCapacity(binds.count)
    for bind in binds {
        guard let text = bind.text else {
            offsets.append(-1)
            continue
        }
        offsets.append(storage.count)
        storage.append(contentsOf: text.utf8CString)
    }
    return storage.withUnsafeBufferPointer { buffer in
        withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: binds.count) { pointers in
            for (index, offset) in offsets.enumerated() {
                pointers[index] = offset < 0 ? nil : buffer.baseAddress! + offset
            }
            return body(UnsafePointer(pointers.baseAddress!))
        }
    }
}
