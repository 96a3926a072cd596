import Crypto
import Foundation
import HTTP
import Postgres

/// Courses: finding, creating, changing and deleting them. Lists are in `CourseStore+Lists`, the curriculum in
/// `CurriculumStore`.
struct CourseStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator
    let changes: CourseChanges

    static func matching(_ reference: CourseReference) -> Query {
        switch reference {
        case .id(let id): "c.id = \(id)"
        case .slug(let slug): "c.slug = \(slug)"
        }
    }

    /// The course `reference` names, in any status.
    func find(_ reference: CourseReference) async throws -> Course? {
        try await pool.query("SELECT \(CourseRows.courseColumns) FROM courses c WHERE \(Self.matching(reference))")
            .decode(CourseRows.course).first
    }

    /// The course `reference` names, locked for update in the caller's transaction.
    func lock(_ reference: CourseReference, on connection: PostgresConnection) async throws -> Course? {
        try await connection.query(
            "SELECT \(CourseRows.courseColumns) FROM courses c WHERE \(Self.matching(reference)) FOR UPDATE"
        ).decode(CourseRows.course).first
    }

    /// The courses with these ids, in any status, in the order of `ids` (unknown ones left out).
    func find(ids: [UUID]) async throws -> [Course] {
        let courses = try await pool.query(
            "SELECT \(CourseRows.courseColumns) FROM courses c WHERE c.id = ANY(\(ids))"
        ).decode(CourseRows.course)
        let byID = Dictionary(courses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// Creates a draft owned by `instructorID` and announces it. Without a `slug`, one is made from the title and
    /// numbered until free. Throws a 400 on `categoryId` for an unknown category, `slugTaken` for a chosen slug.
    func create(_ fields: CourseFields, slug: String?, instructorID: UUID, instructorName: String) async throws
        -> Course
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await pool.withTransaction { connection in
                    try await checkCategory(fields.categoryID, on: connection)
                    let chosen: String
                    if let slug {
                        chosen = slug
                    } else {
                        chosen = try await freeSlug(for: fields.title, on: connection)
                    }
                    let course = try await Self.mapSlugTaken {
                        try await insert(
                            fields, slug: chosen, instructorID: instructorID, instructorName: instructorName,
                            on: connection)
                    }
                    try await changes.emit(course, on: connection)
                    return course
                }
            } catch let error as CatalogError where error.code == CatalogError.slugTaken.code {
                // Two drafts with the same title raced for the same generated slug: pick again.
                guard slug == nil, attempt < 5 else { throw error }
            }
        }
    }

    /// Inserts a draft; the caller announces it.
    func insert(
        _ fields: CourseFields, slug: String, instructorID: UUID, instructorName: String,
        on connection: PostgresConnection
    ) async throws -> Course {
        let id = ids.next()
        let rows = try await connection.query(
            """
            INSERT INTO courses AS c (
                id, slug, title, description, full_description, learning_outcomes, requirements, target_audience,
                category_id, level, tags, language, price, original_price, currency, cover_url, preview_url,
                seo_title, seo_description, is_public, instructor_id, instructor_name)
            VALUES (
                \(id), \(slug), \(fields.title), \(fields.description), \(fields.fullDescription),
                \(fields.learningOutcomes), \(fields.requirements), \(fields.targetAudience), \(fields.categoryID),
                \(fields.level.rawValue), \(fields.tags), \(fields.language), \(fields.price), \(fields.originalPrice),
                \(fields.currency), \(fields.coverURL), \(fields.previewURL), \(fields.seoTitle),
                \(fields.seoDescription), \(fields.isPublic), \(instructorID), \(instructorName))
            RETURNING \(CourseRows.courseColumns)
            """)
        return try rows.decode(CourseRows.course)[0]
    }

    /// `Slug.make(from: title)`, numbered past the slugs already taken. Transactions picking a slug from the same
    /// base take turns (a transaction-scoped advisory lock on the base), so drafts with one title created at once
    /// get consecutive numbers instead of colliding.
    func freeSlug(for title: String, on connection: PostgresConnection) async throws -> String {
        let base = Slug.make(from: title)
        let key = SHA256.hash("course-slug:" + base).prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        try await connection.execute("SELECT pg_advisory_xact_lock(\(key))")
        // The base holds only [a-z0-9-], so it has no LIKE wildcards.
        let taken = try await connection.query(
            "SELECT slug FROM courses WHERE slug = \(base) OR slug LIKE \(base + "-%")"
        ).decode { row throws(PostgresError) in try row.decode(String.self, at: 0) }
        return Slug.unique(base, taken: Set(taken))
    }

    /// Replaces the editable fields (and the slug, when given) of a locked course; the caller records the change.
    func update(_ id: UUID, to fields: CourseFields, slug: String?, on connection: PostgresConnection) async throws {
        try await checkCategory(fields.categoryID, on: connection)
        _ = try await Self.mapSlugTaken {
            try await connection.execute(
                """
                UPDATE courses SET slug = COALESCE(\(slug), slug), title = \(fields.title),
                    description = \(fields.description), full_description = \(fields.fullDescription),
                    learning_outcomes = \(fields.learningOutcomes), requirements = \(fields.requirements),
                    target_audience = \(fields.targetAudience), category_id = \(fields.categoryID),
                    level = \(fields.level.rawValue), tags = \(fields.tags), language = \(fields.language),
                    price = \(fields.price), original_price = \(fields.originalPrice), currency = \(fields.currency),
                    cover_url = \(fields.coverURL), preview_url = \(fields.previewURL), seo_title = \(fields.seoTitle),
                    seo_description = \(fields.seoDescription), is_public = \(fields.isPublic)
                WHERE id = \(id)
                """)
        }
    }

    /// Deletes a locked course with its curriculum.
    func delete(_ id: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM courses WHERE id = \(id)")
    }

    /// Throws `CatalogError.unknownCategory` (422) unless `id` is nil or a category (locked against deletion until commit).
    private func checkCategory(_ id: UUID?, on connection: PostgresConnection) async throws {
        guard let id else { return }
        let rows = try await connection.query("SELECT id FROM categories WHERE id = \(id) FOR KEY SHARE")
        if rows.isEmpty {
            throw CatalogError.unknownCategory
        }
    }

    /// Runs `body`, turning a unique violation of the course slug into `CatalogError.slugTaken`.
    static func mapSlugTaken<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            if error.constraint == "courses_slug_key" { throw CatalogError.slugTaken }
            throw error
        }
    }
}
