import Crypto
import Foundation
import Postgres

/// Sections, lessons and materials of courses. Changes run on the caller's connection, inside the transaction
/// that locked the course (`CourseEditor`), which also records the change; positions are kept dense (0, 1, …).
struct CurriculumStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    /// The most sections in a course, lessons in a section, and materials in a lesson.
    static let maximumSections = 100
    static let maximumLessonsPerSection = 100
    static let maximumMaterialsPerLesson = 20

    /// The course's sections in order, each with its lessons in order (without content); with `materials`, each
    /// lesson's materials too.
    func outline(of courseID: UUID, materials: Bool = false) async throws -> [Section] {
        try await pool.withConnection { connection in
            try await outline(of: courseID, materials: materials, on: connection)
        }
    }

    /// The outline, read on `connection`.
    func outline(of courseID: UUID, materials: Bool = false, on connection: PostgresConnection) async throws
        -> [Section]
    {
        try await Self.outlines(of: [courseID], materials: materials, on: connection)[courseID] ?? []
    }

    /// The outlines of several courses at once, by course id (courses without sections are left out).
    func outlines(of courseIDs: [UUID]) async throws -> [UUID: [Section]] {
        try await pool.withConnection { connection in
            try await Self.outlines(of: courseIDs, materials: false, on: connection)
        }
    }

    /// The outlines of several courses, read on `connection` (inside a change, for its event).
    static func outlines(of courseIDs: [UUID], materials: Bool, on connection: PostgresConnection) async throws
        -> [UUID: [Section]]
    {
        let sections = try await connection.query(
            """
            SELECT \(CourseRows.sectionColumns) FROM sections s WHERE s.course_id = ANY(\(courseIDs))
            ORDER BY s.course_id, s.position
            """
        ).decode(CourseRows.section)
        var lessons = try await connection.query(
            """
            SELECT \(CourseRows.lessonColumns) FROM lessons l WHERE l.course_id = ANY(\(courseIDs))
            ORDER BY l.section_id, l.position
            """
        ).decode(CourseRows.lesson)
        if materials {
            let all = try await connection.query(
                """
                SELECT \(CourseRows.materialColumns) FROM materials m WHERE m.course_id = ANY(\(courseIDs))
                ORDER BY m.id
                """
            ).decode(CourseRows.material)
            let byLesson = Dictionary(grouping: all, by: \.lessonID)
            for index in lessons.indices { lessons[index].materials = byLesson[lessons[index].id] ?? [] }
        }
        let bySection = Dictionary(grouping: lessons, by: \.sectionID)
        var byCourse: [UUID: [Section]] = [:]
        for var section in sections {
            section.lessons = bySection[section.id] ?? []
            byCourse[section.courseID, default: []].append(section)
        }
        return byCourse
    }

    /// One lesson of the course with its content and materials.
    func lesson(_ id: UUID, of courseID: UUID) async throws -> Lesson? {
        try await pool.withConnection { connection in
            guard
                var lesson = try await connection.query(
                    """
                    SELECT \(CourseRows.lessonColumnsWithContent) FROM lessons l
                    WHERE l.id = \(id) AND l.course_id = \(courseID)
                    """
                ).decode(CourseRows.lesson).first
            else { return nil }
            lesson.materials = try await connection.query(
                "SELECT \(CourseRows.materialColumns) FROM materials m WHERE m.lesson_id = \(id) ORDER BY m.id"
            ).decode(CourseRows.material)
            return lesson
        }
    }

    /// Whether the course has a lesson (every lesson sits in a section).
    func hasLesson(_ courseID: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT EXISTS (SELECT 1 FROM lessons WHERE course_id = \(courseID))")[0]
            .decode(Bool.self, at: 0)
    }

    // MARK: Sections

    /// Appends a section to the course.
    func addSection(to courseID: UUID, title: String, description: String, on connection: PostgresConnection)
        async throws -> Section
    {
        let count = try await connection.query("SELECT count(*) FROM sections WHERE course_id = \(courseID)")[0]
            .decode(Int.self, at: 0)
        guard count < Self.maximumSections else {
            throw CatalogError.curriculumLimit("a course has at most \(Self.maximumSections) sections")
        }
        return try await connection.query(
            """
            INSERT INTO sections AS s (id, course_id, title, description, position)
            VALUES (\(ids.next()), \(courseID), \(title), \(description), \(count))
            RETURNING \(CourseRows.sectionColumns)
            """
        ).decode(CourseRows.section)[0]
    }

    /// Changes a section's title or description; `nil` when the course has no such section.
    func updateSection(
        _ id: UUID, of courseID: UUID, title: String?, description: String?, on connection: PostgresConnection
    ) async throws -> Section? {
        try await connection.query(
            """
            UPDATE sections AS s SET title = COALESCE(\(title), title),
                description = COALESCE(\(description), description), updated_at = now()
            WHERE s.id = \(id) AND s.course_id = \(courseID)
            RETURNING \(CourseRows.sectionColumns)
            """
        ).decode(CourseRows.section).first
    }

    /// Deletes a section with its lessons and closes the gap; `false` when the course has no such section.
    func deleteSection(_ id: UUID, of courseID: UUID, on connection: PostgresConnection) async throws -> Bool {
        let deleted = try await connection.query(
            "DELETE FROM sections WHERE id = \(id) AND course_id = \(courseID) RETURNING position")
        guard let position = try deleted.first?.decode(Int.self, at: 0) else { return false }
        try await connection.execute(
            "UPDATE sections SET position = position - 1 WHERE course_id = \(courseID) AND position > \(position)")
        return true
    }

    // MARK: Lessons

    /// Appends a lesson to a section of the course; `nil` when the course has no such section.
    func addLesson(_ lesson: LessonFields, to sectionID: UUID, of courseID: UUID, on connection: PostgresConnection)
        async throws -> Lesson?
    {
        let sections = try await connection.query(
            "SELECT id FROM sections WHERE id = \(sectionID) AND course_id = \(courseID)")
        guard !sections.isEmpty else { return nil }
        let count = try await connection.query("SELECT count(*) FROM lessons WHERE section_id = \(sectionID)")[0]
            .decode(Int.self, at: 0)
        guard count < Self.maximumLessonsPerSection else {
            throw CatalogError.curriculumLimit("a section has at most \(Self.maximumLessonsPerSection) lessons")
        }
        return try await connection.query(
            """
            INSERT INTO lessons AS l (
                id, section_id, course_id, title, description, type, duration_seconds, video_url, content,
                is_free_preview, position)
            VALUES (
                \(ids.next()), \(sectionID), \(courseID), \(lesson.title), \(lesson.description),
                \(lesson.type.rawValue), \(lesson.durationSeconds), \(lesson.videoURL), \(lesson.content),
                \(lesson.isFreePreview), \(count))
            RETURNING \(CourseRows.lessonColumnsWithContent)
            """
        ).decode(CourseRows.lesson).first
    }

    /// Replaces a lesson's fields; `nil` when the course has no such lesson.
    func updateLesson(_ id: UUID, of courseID: UUID, to lesson: LessonFields, on connection: PostgresConnection)
        async throws -> Lesson?
    {
        try await connection.query(
            """
            UPDATE lessons AS l SET title = \(lesson.title), description = \(lesson.description),
                type = \(lesson.type.rawValue), duration_seconds = \(lesson.durationSeconds),
                video_url = \(lesson.videoURL), content = \(lesson.content), is_free_preview = \(lesson.isFreePreview),
                updated_at = now()
            WHERE l.id = \(id) AND l.course_id = \(courseID)
            RETURNING \(CourseRows.lessonColumnsWithContent)
            """
        ).decode(CourseRows.lesson).first
    }

    /// The fields of a lesson of the course, with its content, locked for update.
    func lockLesson(_ id: UUID, of courseID: UUID, on connection: PostgresConnection) async throws -> Lesson? {
        try await connection.query(
            """
            SELECT \(CourseRows.lessonColumnsWithContent) FROM lessons l
            WHERE l.id = \(id) AND l.course_id = \(courseID) FOR UPDATE
            """
        ).decode(CourseRows.lesson).first
    }

    /// Deletes a lesson and closes the gap in its section; `false` when the course has no such lesson.
    func deleteLesson(_ id: UUID, of courseID: UUID, on connection: PostgresConnection) async throws -> Bool {
        let deleted = try await connection.query(
            "DELETE FROM lessons WHERE id = \(id) AND course_id = \(courseID) RETURNING section_id, position")
        guard let (sectionID, position) = try deleted.first?.decode((UUID, Int).self) else { return false }
        try await connection.execute(
            "UPDATE lessons SET position = position - 1 WHERE section_id = \(sectionID) AND position > \(position)")
        return true
    }

    // MARK: Materials

    /// Adds a material to a lesson of the course; `nil` when the course has no such lesson.
    func addMaterial(
        to lessonID: UUID, of courseID: UUID, title: String, url: String, kind: MaterialKind,
        on connection: PostgresConnection
    ) async throws -> Material? {
        let lessons = try await connection.query(
            "SELECT id FROM lessons WHERE id = \(lessonID) AND course_id = \(courseID)")
        guard !lessons.isEmpty else { return nil }
        let count = try await connection.query("SELECT count(*) FROM materials WHERE lesson_id = \(lessonID)")[0]
            .decode(Int.self, at: 0)
        guard count < Self.maximumMaterialsPerLesson else {
            throw CatalogError.curriculumLimit("a lesson has at most \(Self.maximumMaterialsPerLesson) materials")
        }
        return try await connection.query(
            """
            INSERT INTO materials AS m (id, lesson_id, course_id, title, url, kind)
            VALUES (\(ids.next()), \(lessonID), \(courseID), \(title), \(url), \(kind.rawValue))
            RETURNING \(CourseRows.materialColumns)
            """
        ).decode(CourseRows.material).first
    }

    /// Deletes a material of the course; `false` when there is no such material.
    func deleteMaterial(_ id: UUID, of courseID: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.execute("DELETE FROM materials WHERE id = \(id) AND course_id = \(courseID)") > 0
    }
}
