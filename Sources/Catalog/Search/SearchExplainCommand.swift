import Foundation
import Postgres

/// `catalog explain-search`: runs every query shape of course search through the store, which records each
/// statement it sends; then runs `EXPLAIN (ANALYZE, BUFFERS)` on exactly those statements, with their binds and
/// in the same planner settings (reads through the text index in their transaction), prints each plan and a
/// summary, and fails when any statement reads `courses` with a sequential scan. Explained with their values,
/// prepared statements show the plan they get; their plans do not depend on the values (`CourseSearchSQL`).
struct SearchExplainCommand: Sendable {
    let pool: PostgresPool

    /// One explained query.
    struct Finding: Sendable {
        var shape: String
        var milliseconds: Double
        var scans: [String]
        var readsCoursesSequentially: Bool
    }

    /// Explains every shape; returns whether none scans `courses` sequentially.
    func run(output: (String) -> Void) async throws -> Bool {
        let plain = CourseSearchStore(pool: pool, facetCache: SearchFacetCache(lifetime: .zero))
        var logged = plain
        logged.log = SearchStatementLog()
        var findings: [Finding] = []
        for shape in SearchExplainShape.all(try await samples()) {
            // Each shape as a fresh process runs it: no list remembered as sparse yet.
            logged.walkMemory = SearchWalkMemory()
            try await run(shape, plain: plain, logged: logged)
            let statements = logged.log?.drain() ?? []
            for (index, statement) in statements.enumerated() {
                let label = statements.count == 1 ? shape.name : "\(shape.name) [\(index + 1)/\(statements.count)]"
                let explain: Query = "EXPLAIN (ANALYZE, BUFFERS) \(statement.query)"
                let rows =
                    statement.throughTextIndex
                    ? try await plain.throughTextIndex(explain.plannedPerRun())
                    : try await pool.query(explain.plannedPerRun())
                let lines = try rows.map { try $0.decode(String.self, at: 0) }
                let mode = statement.throughTextIndex ? " (through the text index)" : ""
                output("== \(label)\(mode)\n" + lines.joined(separator: "\n") + "\n")
                findings.append(Self.finding(label, lines))
            }
        }
        output(Self.summary(findings))
        return !findings.contains(where: \.readsCoursesSequentially)
    }

    /// Runs a shape through the logging store, after reaching its deep cursor with the plain one.
    private func run(_ shape: SearchExplainShape, plain: CourseSearchStore, logged: CourseSearchStore) async throws {
        var request = shape.request
        switch shape.kind {
        case .page(let pagesDeep):
            if pagesDeep > 0 {
                let pageSize = request.limit
                request.limit = 100
                for _ in 0..<pagesDeep {
                    request.cursor = try await plain.search(request).nextCursor
                    if request.cursor == nil { break }
                }
                request.limit = pageSize
            }
            _ = try await logged.search(request)
        case .suggest(let text):
            _ = try await logged.suggest(text)
        case .popular(let category):
            _ = try await logged.popular(category: category, limit: 12)
        }
    }

    private func samples() async throws -> SearchExplainShape.Samples {
        let rows = try await pool.query(
            """
            SELECT (SELECT instructor_id FROM courses c WHERE \(unescaped: CourseSearchSQL.visible)
                    GROUP BY instructor_id ORDER BY count(*) DESC, instructor_id LIMIT 1),
                   (SELECT category_id FROM courses c WHERE \(unescaped: CourseSearchSQL.visible)
                    AND category_id IS NOT NULL GROUP BY category_id ORDER BY count(*) DESC, category_id LIMIT 1)
            """)
        guard let row = rows.first, let instructor = try row.decode(UUID?.self, at: 0),
            let category = try row.decode(UUID?.self, at: 1)
        else { throw SearchExplainError.noCourses }
        return SearchExplainShape.Samples(instructor: instructor, category: category)
    }

    static func finding(_ shape: String, _ lines: [String]) -> Finding {
        var milliseconds = 0.0
        var scans: [String] = []
        var readsCoursesSequentially = false
        for line in lines {
            let text = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "->  ", with: "")
            if text.hasPrefix("Execution Time:") {
                milliseconds = Double(text.split(separator: " ")[2]) ?? 0
            }
            guard text.contains("Scan "), text.contains(" on ") else { continue }
            let node = String(text[..<(text.range(of: "  (")?.lowerBound ?? text.endIndex)])
            if node.contains("Seq Scan on courses") { readsCoursesSequentially = true }
            scans.append(node)
        }
        return Finding(
            shape: shape, milliseconds: milliseconds, scans: scans, readsCoursesSequentially: readsCoursesSequentially)
    }

    static func summary(_ findings: [Finding]) -> String {
        var lines = ["== summary (execution time, scans)"]
        for finding in findings {
            let verdict = finding.readsCoursesSequentially ? "SEQUENTIAL SCAN OF courses" : "ok"
            let name = finding.shape.padding(toLength: max(44, finding.shape.count), withPad: " ", startingAt: 0)
            let time = String(format: "%8.3f ms", finding.milliseconds)
            lines.append("\(name) \(time)  \(verdict)  [\(finding.scans.joined(separator: "; "))]")
        }
        let bad = findings.filter(\.readsCoursesSequentially).count
        lines.append(
            bad == 0
                ? "no shape scans courses sequentially (\(findings.count) queries)"
                : "\(bad) of \(findings.count) queries scan courses sequentially")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Why `catalog explain-search` cannot run.
enum SearchExplainError: Error, CustomStringConvertible {
    case noCourses

    var description: String {
        switch self {
        case .noCourses: "no published course to explain searches on; load sql/bench/catalog_courses.sql first"
        }
    }
}
