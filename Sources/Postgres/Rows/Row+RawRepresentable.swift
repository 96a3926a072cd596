extension Row {
    /// Decodes the text column at `column` (0-based) as the case of `T` it names (a level, a status); a value that
    /// names no case is a decoding error naming the column and the value.
    public func decode<T: RawRepresentable>(_: T.Type = T.self, at column: Int) throws(PostgresError) -> T
    where T.RawValue == String {
        let text = try decode(String.self, at: column)
        guard let value = T(rawValue: text) else {
            throw PostgresError.decoding(column: result.columnName(Int32(column)), Self.unknown(T.self, text))
        }
        return value
    }

    /// Decodes the text column named `name` as the case of `T` it names; see `decode(_:at:)`.
    public func decode<T: RawRepresentable>(_: T.Type = T.self, column name: String) throws(PostgresError) -> T
    where T.RawValue == String {
        let text = try decode(String.self, column: name)
        guard let value = T(rawValue: text) else {
            throw PostgresError.decoding(column: name, Self.unknown(T.self, text))
        }
        return value
    }

    private static func unknown(_ type: Any.Type, _ text: String) -> String {
        "unknown \(type) \(text.debugDescription)"
    }
}
