import CLibPQ

/// One row of a result; columns are read by position or by name into `PostgresDecodable` types.
public struct Row: Sendable {
    let result: QueryResult
    let index: Int32

    /// The number of columns.
    public var columnCount: Int { Int(result.columnCount) }

    /// Decodes the column at `column` (0-based).
    public func decode<T: PostgresDecodable>(_: T.Type = T.self, at column: Int) throws(PostgresError) -> T {
        guard column >= 0, column < columnCount else {
            throw PostgresError.decoding(column: "#\(column)", "the result has \(columnCount) columns")
        }
        return try result.decode(T.self, row: index, column: Int32(column))
    }

    /// Decodes the column named `name`.
    public func decode<T: PostgresDecodable>(_: T.Type = T.self, column name: String) throws(PostgresError) -> T {
        guard let column = result.columnIndex(name) else {
            throw PostgresError.decoding(column: name, "the result has no such column")
        }
        return try result.decode(T.self, row: index, column: column)
    }

    /// Decodes the leading columns into a tuple, in order: `let (id, name) = try row.decode((UUID, String).self)`.
    public func decode<each T: PostgresDecodable>(_: (repeat each T).Type) throws(PostgresError) -> (repeat each T) {
        var column: Int32 = 0
        func next<V: PostgresDecodable>(_: V.Type) throws(PostgresError) -> V {
            defer { column += 1 }
            guard column < result.columnCount else {
                throw PostgresError.decoding(column: "#\(column)", "the result has \(result.columnCount) columns")
            }
            return try result.decode(V.self, row: index, column: column)
        }
        return (repeat try next((each T).self))
    }

    /// Whether the column at `column` is SQL NULL.
    public func isNull(at column: Int) -> Bool {
        result.isNull(row: index, column: Int32(column))
    }
}
