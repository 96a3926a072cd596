import Contracts
import Foundation
import Postgres
import ServiceKit

/// `catalog seed`: a demo catalog of published courses owned by the demo instructor, whom identity knows by
/// e-mail (`identity seed` makes them). Safe to run again: categories and courses are found by slug and only
/// the missing ones are made.
struct CatalogSeed: Sendable {
    let service: CatalogService

    /// Why the seed could not run; the message says what to do.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates what is missing; returns one line per category or course created.
    func run() async throws -> [String] {
        let email = service.settings.seedInstructorEmail
        let found: InternalUser?
        do {
            found = try await service.instructors.user(email: email)
        } catch let error as InternalCallError {
            throw Failure(
                description: "seed needs identity to find \(email): \(error.description); start identity first")
        }
        guard let user = found, !user.isDeleted, let instructorID = UUID(uuidString: user.id) else {
            throw Failure(description: "identity has no account \(email); run `identity seed` first")
        }
        let pool = service.pool
        let name = try await pool.withConnection { connection in
            try await InstructorStore.store(user, on: connection)
        }
        var created: [String] = []
        var categoryIDs: [String: UUID] = [:]
        for category in CatalogSeedData.categories {
            let id = service.ids.next()
            let inserted = try await pool.query(
                """
                INSERT INTO categories (id, name, slug, description)
                VALUES (\(id), \(category.name), \(category.slug), \(category.description))
                ON CONFLICT DO NOTHING RETURNING id
                """)
            if !inserted.isEmpty { created.append("created category \(category.slug)") }
            let rows = try await pool.query("SELECT id FROM categories WHERE slug = \(category.slug)")
            if let id = try rows.first?.decode(UUID.self, at: 0) { categoryIDs[category.slug] = id }
        }
        for course in CatalogSeedData.courses {
            if try await seed(course, categoryID: categoryIDs[course.category], instructorID: instructorID, name: name)
            {
                created.append("created course \(course.slug)")
            }
        }
        return created
    }

    /// Creates, fills and publishes one course unless its slug exists; whether it did.
    private func seed(_ course: CatalogSeedData.Course, categoryID: UUID?, instructorID: UUID, name: String)
        async throws -> Bool
    {
        let courses = service.courses
        let curriculum = service.curriculum
        return try await service.pool.withTransaction { connection in
            let existing = try await connection.query("SELECT id FROM courses WHERE slug = \(course.slug)")
            guard existing.isEmpty else { return false }
            var fields = CourseFields(title: course.title)
            fields.description = course.description
            fields.fullDescription = course.description + " " + course.outcomes.joined(separator: " ")
            fields.learningOutcomes = course.outcomes
            fields.requirements = ["A computer with a web browser", "Curiosity"]
            fields.targetAudience = ["Beginners to the subject", "Anyone refreshing the basics"]
            fields.categoryID = categoryID
            fields.level = course.level
            fields.tags = course.tags
            fields.price = course.price
            fields.originalPrice = course.price > 0 ? course.price * 2 : nil
            fields.currency = "USD"
            fields.coverURL = "https://images.campus.localhost/courses/\(course.slug).jpg"
            let draft = try await courses.insert(
                fields, slug: course.slug, instructorID: instructorID, instructorName: name, on: connection)
            for section in course.sections {
                let added = try await curriculum.addSection(
                    to: draft.id, title: section.title, description: "", on: connection)
                for (index, lesson) in section.lessons.enumerated() {
                    let type: LessonType = index % 3 == 2 ? .quiz : .video
                    let fields = LessonFields(
                        title: lesson, type: type, durationSeconds: type == .quiz ? 300 : 420 + 60 * index,
                        videoURL: type == .video
                            ? "https://videos.campus.localhost/\(course.slug)/\(added.position)-\(index).mp4" : nil,
                        content: type == .quiz ? "Five questions on \(lesson.lowercased())." : "",
                        isFreePreview: added.position == 0 && index == 0)
                    _ = try await curriculum.addLesson(fields, to: added.id, of: draft.id, on: connection)
                }
            }
            try await courses.apply(.publish, to: draft.id, on: connection)
            try await service.changes.record(draft.id, on: connection)
            return true
        }
    }
}
