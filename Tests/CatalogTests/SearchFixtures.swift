import Crypto
import Foundation
import Postgres

@testable import Catalog

/// Published (or not) courses, categories and instructors inserted with SQL, as authoring would leave them.
struct SearchFixtures {
    let pool: PostgresPool
    private let ids = UUIDv7Generator()

    /// A course to insert; every field has a plain default.
    struct Course {
        var title = "Untitled course"
        var description = "A course."
        var tags: [String] = []
        var category: UUID? = nil
        var level = "beginner"
        var language = "en"
        var price: Int64? = 1999
        var originalPrice: Int64? = nil
        var instructor = UUID(uuidString: "01890000-0000-7000-8000-000000000001")!
        var instructorName = "Ada Lovelace"
        var status = "published"
        var isPublic = true
        var publishedAt = Date(timeIntervalSince1970: 1_700_000_000)
        var enrollments = 0
        var rating = 0.0
        var ratingCount = 0
    }

    init(_ harness: CatalogHarness) { pool = harness.pool }

    @discardableResult
    func category(_ name: String, slug: String) async throws -> UUID {
        let id = ids.next()
        try await pool.execute("INSERT INTO categories (id, name, slug) VALUES (\(id), \(name), \(slug))")
        return id
    }

    @discardableResult
    func course(_ course: Course) async throws -> UUID {
        let id = ids.next()
        let slug = "course-" + id.uuidString.lowercased()
        try await pool.execute(
            """
            INSERT INTO courses (id, slug, title, description, tags, category_id, level, language, price, original_price,
                instructor_id, instructor_name, status, is_public, published_at, enrollment_count, rating_average,
                rating_count, lesson_count, total_duration_seconds)
            VALUES (\(id), \(slug), \(course.title), \(course.description), \(course.tags), \(course.category),
                \(course.level), \(course.language), \(course.price), \(course.originalPrice), \(course.instructor),
                \(course.instructorName), \(course.status), \(course.isPublic),
                \(course.status == "published" ? course.publishedAt : nil), \(course.enrollments),
                \(course.rating)::numeric(3, 2), \(course.ratingCount), 12, 3600)
            """)
        return id
    }

    /// `count` copies of the course `template`, titled `title` followed by 1…count, with levels taken in turn from
    /// `levels` and as many enrollments as their number: many courses in one statement.
    func copies(of template: UUID, count: Int, title: String, levels: [String]) async throws {
        try await pool.execute(
            """
            INSERT INTO courses (id, slug, title, description, tags, category_id, level, language, price,
                instructor_id, instructor_name, status, is_public, published_at, enrollment_count, rating_average,
                rating_count, lesson_count, total_duration_seconds)
            SELECT gen_random_uuid(), 'copy-' || gen_random_uuid(), \(title) || ' ' || n, description, tags,
                category_id, (\(levels)::text[])[n % \(levels.count) + 1], language, price, instructor_id,
                instructor_name, status, is_public, published_at, n, rating_average, rating_count, lesson_count,
                total_duration_seconds
            FROM courses, generate_series(1, \(count)) AS n WHERE id = \(template)
            """)
    }

    @discardableResult
    func course(_ adjust: (inout Course) -> Void) async throws -> UUID {
        var spec = Course()
        adjust(&spec)
        return try await course(spec)
    }
}

extension CatalogHarness {
    /// `GET /v1/courses` with the given query parameters (percent-encoded here).
    func search(_ parameters: [(String, String)]) async -> Reply {
        await send(.get, "/v1/courses" + Self.query(parameters))
    }

    /// Every page of a search, following `nextCursor`; fails the test on anything but 200.
    func searchAllPages(_ parameters: [(String, String)], between: (Int) async throws -> Void = { _ in })
        async throws -> [[String: Any]]
    {
        var items: [[String: Any]] = []
        var cursor: String? = nil
        var page = 0
        repeat {
            let reply = await search(parameters + (cursor.map { [("cursor", $0)] } ?? []))
            guard reply.status == 200 else { throw SearchTestError.status(reply.status, reply.text) }
            items += reply.items
            cursor = reply["nextCursor"] as? String
            page += 1
            try await between(page)
        } while cursor != nil && page < 200
        return items
    }

    static func query(_ parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "?"
            + parameters.map {
                $0.0.addingPercentEncoding(withAllowedCharacters: allowed)! + "="
                    + $0.1.addingPercentEncoding(withAllowedCharacters: allowed)!
            }.joined(separator: "&")
    }
}

/// A search the test expected to succeed did not.
enum SearchTestError: Error {
    case status(Int, String)
}

extension [[String: Any]] {
    /// The `title` of each item.
    var titles: [String] { map { $0["title"] as? String ?? "" } }
    /// The `id` of each item.
    var ids: [String] { map { $0["id"] as? String ?? "" } }
}
