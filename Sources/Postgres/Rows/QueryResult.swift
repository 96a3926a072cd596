import CLibPQ

/// Owns a `PGresult` (freed on deinit) and decodes its cells; libpq's types stay inside this module.
final class QueryResult: @unchecked Sendable {
    // The result is immutable after creation and libpq's accessors are thread-safe for reading.
    private let handle: OpaquePointer
    let rowCount: Int32
    let columnCount: Int32
    private let columnTypes: [PostgresType]

    init(_ handle: OpaquePointer) {
        self.handle = handle
        rowCount = PQntuples(handle)
        columnCount = PQnfields(handle)
        var types: [PostgresType] = []
        types.reserveCapacity(Int(columnCount))
        for column in 0..<columnCount {
            types.append(PostgresType(oid: PQftype(handle, column)))
        }
        columnTypes = types
    }

    deinit { PQclear(handle) }

    /// The number of rows a command touched (`UPDATE 3` → 3), or 0.
    var affectedRows: Int {
        Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    func columnIndex(_ name: String) -> Int32? {
        let index = PQfnumber(handle, Query.quoteIdentifier(name))
        return index >= 0 ? index : nil
    }

    /// The name of a column (read from libpq only when needed, e.g. for an error).
    func columnName(_ column: Int32) -> String {
        String(cString: PQfname(handle, column))
    }

    func isNull(row: Int32, column: Int32) -> Bool {
        PQgetisnull(handle, row, column) == 1
    }

    func decode<T: PostgresDecodable>(_: T.Type, row: Int32, column: Int32) throws(PostgresError) -> T {
        do {
            if PQgetisnull(handle, row, column) == 1 { return try T.decodeNull() }
            let length = Int(PQgetlength(handle, row, column))
            let bytes = UnsafeRawBufferPointer(start: PQgetvalue(handle, row, column), count: length)
            return try T.decode(bytes, type: columnTypes[Int(column)])
        } catch {
            throw PostgresError.decoding(column: columnName(column), error.reason)
        }
    }
}
