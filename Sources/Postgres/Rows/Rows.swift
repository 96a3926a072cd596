/// The rows of a query result, in order.
public struct Rows: RandomAccessCollection, Sendable {
    let result: QueryResult

    /// The first row's position.
    public var startIndex: Int { 0 }
    /// One past the last row's position.
    public var endIndex: Int { Int(result.rowCount) }

    /// The row at `position`.
    public subscript(position: Int) -> Row {
        Row(result: result, index: Int32(position))
    }

    /// The number of rows the command affected (for INSERT/UPDATE/DELETE), as the server reported it.
    public var affectedRows: Int { result.affectedRows }

    /// Decodes every row with `transform`.
    public func decode<T>(_ transform: (Row) throws(PostgresError) -> T) throws(PostgresError) -> [T] {
        var values: [T] = []
        values.reserveCapacity(count)
        for row in self { values.append(try transform(row)) }
        return values
    }

    /// Decodes every row's leading columns into tuples.
    public func decode<each T: PostgresDecodable>(_ type: (repeat each T).Type) throws(PostgresError) -> [(repeat each T)] {
        try decode { row throws(PostgresError) in try row.decode(type) }
    }
}
