import IO
import Postgres

/// The statements a `CourseSearchStore` ran, in order, each with whether it ran with
/// `CourseSearchSQL.matchesThroughTextIndex` set: what `catalog explain-search` explains.
final class SearchStatementLog: Sendable {
    /// A statement as the store ran it.
    struct Statement: Sendable {
        var query: Query
        var throughTextIndex: Bool
    }

    private let statements = Locked<[Statement]>([])

    func record(_ query: Query, throughTextIndex: Bool) {
        statements.withLock { $0.append(Statement(query: query, throughTextIndex: throughTextIndex)) }
    }

    /// The statements recorded so far; the log starts empty again.
    func drain() -> [Statement] {
        statements.withLock { statements in
            defer { statements.removeAll() }
            return statements
        }
    }
}
