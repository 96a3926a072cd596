/// SQL text with its bind values, built by string interpolation.
///
/// Every interpolated value becomes a `$n` placeholder and a bind, never text in the SQL:
/// `"SELECT name FROM users WHERE id = \(id) AND role = ANY(\(roles))"` renders
/// `… WHERE id = $1 AND role = ANY($2)` with two binds. Optionals bind `nil` as NULL, arrays as
/// PostgreSQL arrays. Identifiers and trusted SQL fragments go in only through the explicit
/// `\(identifier:)` and `\(unescaped:)` forms.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The SQL with `$1…$n` placeholders.
    public private(set) var sql: String
    /// The binds, in placeholder order.
    public private(set) var binds: [Bind]
    /// Whether the server plans this query for its bind values on every run (an unnamed statement) instead of
    /// keeping a prepared statement, whose generic plan may suit some values badly: full-text search, where one
    /// word matches ten rows and another ten thousand. See `plannedPerRun()`.
    public var isPlannedPerRun = false

    /// One bind: its text form (nil is NULL) and its type.
    public struct Bind: Sendable, Equatable {
        /// The value in PostgreSQL text format, or nil for NULL.
        public var text: String?
        /// The parameter type.
        public var type: PostgresType

        /// Creates a bind from its text form and type.
        public init(text: String?, type: PostgresType) {
            self.text = text
            self.type = type
        }
    }

    /// Creates a query from SQL with no binds.
    public init(stringLiteral sql: String) {
        self.sql = sql
        self.binds = []
    }

    /// Creates a query from its interpolation.
    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// Creates a query from already-rendered SQL and binds.
    public init(sql: String, binds: [Bind]) {
        self.sql = sql
        self.binds = binds
    }

    /// This query, planned for its bind values on every run rather than prepared once per connection.
    public func plannedPerRun() -> Query {
        var query = self
        query.isPlannedPerRun = true
        return query
    }

    /// The SQL text (binds are not shown: they may hold personal data).
    public var description: String { sql }

    /// Appends another query, renumbering its placeholders after this one's.
    public mutating func append(_ other: Query) {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        interpolation.sql = sql
        interpolation.binds = binds
        interpolation.appendInterpolation(other)
        sql = interpolation.sql
        binds = interpolation.binds
    }

    /// Builds the SQL and binds of a query.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [Bind]

        /// Reserves room for the literal text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends SQL text as written.
        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Appends a bind placeholder for `value`.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            binds.append(Bind(text: value.postgresText, type: Value.postgresType))
            sql += "$\(binds.count)"
        }

        /// Appends a bind placeholder for an optional value; `nil` binds NULL of the wrapped type.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(Bind(text: value?.postgresText, type: Value.postgresType))
            sql += "$\(binds.count)"
        }

        /// Appends a nested query, renumbering its placeholders.
        public mutating func appendInterpolation(_ query: Query) {
            let offset = binds.count
            binds.append(contentsOf: query.binds)
            // A fragment without binds (a column list) has no placeholder to shift.
            guard offset > 0, !query.binds.isEmpty else {
                sql += query.sql
                return
            }
            sql += Query.renumber(query.sql, by: offset)
        }

        /// Appends an identifier (table, column, schema), double-quoted with quotes doubled.
        public mutating func appendInterpolation(identifier: String) {
            sql += Query.quoteIdentifier(identifier)
        }

        /// Appends an integer as a literal in the SQL text rather than a bind: for numbers that decide a plan, such as
        /// a `LIMIT`, so a prepared statement's generic plan knows them (a bound `LIMIT` is planned as "unknown",
        /// which makes the server plan the statement afresh on every run instead).
        public mutating func appendInterpolation(literal value: Int) {
            sql += String(value)
        }

        /// Appends trusted SQL text as is. Never pass anything derived from input.
        public mutating func appendInterpolation(unescaped fragment: String) {
            sql += fragment
        }
    }

    /// `name` as a quoted identifier: `"` + name with `"` doubled + `"`.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Shifts every `$n` placeholder outside string literals, quoted identifiers and comments by `offset`.
    static func renumber(_ sql: String, by offset: Int) -> String {
        var result = ""
        var scalars = Array(sql.unicodeScalars)[...]
        var quote: Unicode.Scalar? = nil
        while let scalar = scalars.popFirst() {
            if let open = quote {
                result.unicodeScalars.append(scalar)
                if scalar == open { quote = nil }
                continue
            }
            if scalar == "'" || scalar == "\"" {
                quote = scalar
                result.unicodeScalars.append(scalar)
            } else if scalar == "$", let first = scalars.first, ("0"..."9").contains(first) {
                var digits = ""
                while let next = scalars.first, ("0"..."9").contains(next) {
                    digits.unicodeScalars.append(next)
                    scalars.removeFirst()
                }
                result += "$\(Int(digits)! + offset)"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
