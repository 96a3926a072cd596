import Crypto
import Foundation
import Postgres

/// Categories: their SQL, with the count of published, public courses in each.
struct CategoryStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    /// A category reference from a path: its id or its slug.
    static func matching(_ reference: CourseReference) -> Query {
        switch reference {
        case .id(let id): "k.id = \(id)"
        case .slug(let slug): "k.slug = \(slug)"
        }
    }

    private static let counted: Query = """
        SELECT \(CourseRows.categoryColumns), (
            SELECT count(*) FROM courses c
            WHERE c.category_id = k.id AND c.status = 'published' AND c.is_public) AS course_count
        FROM categories k
        """

    /// The category with its course count.
    func find(_ reference: CourseReference) async throws -> Category? {
        try await pool.query("\(Self.counted) WHERE \(Self.matching(reference))").decode(CourseRows.category).first
    }

    /// Categories in slug order (close to their names' order, and unique), after `slug`, at most `limit`;
    /// `excluding` one.
    func list(after slug: String?, limit: Int, excluding: UUID? = nil) async throws -> [Category] {
        try await pool.query(
            """
            \(Self.counted)
            WHERE (\(slug)::text IS NULL OR k.slug > \(slug)) AND (\(excluding)::uuid IS NULL OR k.id <> \(excluding))
            ORDER BY k.slug LIMIT \(limit)
            """
        ).decode(CourseRows.category)
    }

    /// Creates a category; `categoryNameTaken` or `categorySlugTaken` when either is in use.
    func create(name: String, slug: String, description: String) async throws -> Category {
        let id = ids.next()
        _ = try await Self.mapTaken {
            try await pool.execute(
                """
                INSERT INTO categories (id, name, slug, description)
                VALUES (\(id), \(name), \(slug), \(description))
                """)
        }
        return try await find(.id(id))!
    }

    /// Changes a category's fields (`nil` keeps one); `nil` when there is no such category.
    func update(_ reference: CourseReference, name: String?, slug: String?, description: String?) async throws
        -> Category?
    {
        let rows = try await Self.mapTaken {
            try await pool.query(
                """
                UPDATE categories AS k SET name = COALESCE(\(name), name), slug = COALESCE(\(slug), slug),
                    description = COALESCE(\(description), description), updated_at = now()
                WHERE \(Self.matching(reference))
                RETURNING k.id
                """)
        }
        guard let id = try rows.first?.decode(UUID.self, at: 0) else { return nil }
        return try await find(.id(id))
    }

    /// Deletes a category no course uses; `false` when there is no such category, `categoryInUse` when a course
    /// (in any status) is in it.
    func delete(_ reference: CourseReference) async throws -> Bool {
        try await pool.withTransaction { connection in
            guard
                let id = try await connection.query(
                    "SELECT k.id FROM categories k WHERE \(Self.matching(reference)) FOR UPDATE"
                ).first?.decode(UUID.self, at: 0)
            else { return false }
            let used = try await connection.query("SELECT EXISTS (SELECT 1 FROM courses WHERE category_id = \(id))")[0]
                .decode(Bool.self, at: 0)
            if used { throw CatalogError.categoryInUse }
            do {
                try await connection.execute("DELETE FROM categories WHERE id = \(id)")
            } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
                throw CatalogError.categoryInUse
            }
            return true
        }
    }

    /// Runs `body`, turning unique violations of the name or slug into their 409s.
    static func mapTaken<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            switch error.constraint {
            case "categories_name": throw CatalogError.categoryNameTaken
            case "categories_slug_key": throw CatalogError.categorySlugTaken
            default: throw error
            }
        }
    }
}
