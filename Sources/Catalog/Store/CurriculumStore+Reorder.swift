import Foundation
import Postgres

extension CurriculumStore {
    /// One section of a new order: the section and its lessons, in order.
    struct SectionOrder: Sendable, Equatable {
        var sectionID: UUID
        var lessonIDs: [UUID]
    }

    /// Puts the course's sections and lessons in `order` (lessons may change sections), in the caller's
    /// transaction. Throws `curriculumChanged` unless `order` names exactly the course's sections and lessons;
    /// the unique positions are checked at commit (deferred), so every row can move at once.
    func reorder(_ courseID: UUID, to order: [SectionOrder], on connection: PostgresConnection) async throws {
        let sectionIDs = try await connection.query("SELECT id FROM sections WHERE course_id = \(courseID)")
            .decode { row throws(PostgresError) in try row.decode(UUID.self, at: 0) }
        let lessonIDs = try await connection.query("SELECT id FROM lessons WHERE course_id = \(courseID)")
            .decode { row throws(PostgresError) in try row.decode(UUID.self, at: 0) }
        let orderedSections = order.map(\.sectionID)
        let orderedLessons = order.flatMap(\.lessonIDs)
        guard orderedSections.count == sectionIDs.count, Set(orderedSections) == Set(sectionIDs),
            orderedLessons.count == lessonIDs.count, Set(orderedLessons) == Set(lessonIDs)
        else { throw CatalogError.curriculumChanged }
        try await connection.execute(
            """
            UPDATE sections AS s SET position = o.position, updated_at = now()
            FROM unnest(\(orderedSections), \(Array(orderedSections.indices))) AS o (id, position)
            WHERE s.id = o.id AND s.position <> o.position
            """)
        var lessonSections: [UUID] = []
        var lessonPositions: [Int] = []
        for section in order {
            for index in section.lessonIDs.indices {
                lessonSections.append(section.sectionID)
                lessonPositions.append(index)
            }
        }
        try await connection.execute(
            """
            UPDATE lessons AS l SET section_id = o.section_id, position = o.position, updated_at = now()
            FROM unnest(\(orderedLessons), \(lessonSections), \(lessonPositions)) AS o (id, section_id, position)
            WHERE l.id = o.id AND (l.section_id, l.position) IS DISTINCT FROM (o.section_id, o.position)
            """)
    }
}
