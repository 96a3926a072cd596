import Contracts
import Foundation
import Postgres
import ServiceKit

/// `learning seed`: the demo student (whom `identity seed` makes) enrolled in the two free demo courses (which
/// `catalog seed` makes), with the first lessons of one done and a resume point. Safe to run again: what
/// exists is left as it is.
struct LearningSeed: Sendable {
    let service: LearningService

    /// The free demo courses, by slug.
    static let courses = ["html-and-css-from-scratch", "photography-basics"]

    /// Why the seed could not run; the message says what to do.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates what is missing; returns one line per enrollment created.
    func run() async throws -> [String] {
        let email = service.settings.seedStudentEmail
        let identity = IdentityUsers(client: service.internalClient, identityURL: service.settings.identityURL)
        let found: InternalUser?
        do {
            found = try await identity.user(email: email)
        } catch let error as InternalCallError {
            throw Failure(
                description: "seed needs identity to find \(email): \(error.description); start identity first")
        }
        guard let user = found, !user.isDeleted, let student = UUID(uuidString: user.id) else {
            throw Failure(description: "identity has no account \(email); run `identity seed` first")
        }
        var created: [String] = []
        for (index, slug) in Self.courses.enumerated() {
            let answer: InternalCourse?
            do {
                answer = try await service.catalog.course(reference: slug)
            } catch let error as InternalCallError {
                throw Failure(
                    description: "seed needs catalog to find \(slug): \(error.description); start catalog first")
            }
            guard let answer, let course = CourseSnapshot(answer) else {
                throw Failure(description: "catalog has no course \(slug); run `catalog seed` first")
            }
            try await service.pool.withConnection { connection in
                _ = try await SnapshotStore.store(course, on: connection)
            }
            guard try await service.enrollments.find(user: student, course: course.courseId) == nil else { continue }
            let (enrollment, _) = try await service.enrollments.change(
                user: student, course: course.courseId, .set(.free, .active, expiresAt: nil))
            if index == 0, let first = course.lessonIds.first {
                _ = try await service.progress.mark(first, done: true, user: student, course: course.courseId)
                _ = try await service.progress.position(
                    enrollment.id, lesson: course.lessonIds.dropFirst().first ?? first, seconds: 42,
                    maximumCredit: service.settings.heartbeatMaximumCredit)
                _ = try await service.notes.create(
                    enrollment: enrollment, lesson: first, seconds: 30,
                    body: "Keep-alive connections are why the second request is fast.",
                    maximum: service.settings.notesPerCourse)
                _ = try await service.reviews.create(
                    enrollment: enrollment, rating: 5, comment: "Clear explanations and short lessons.")
            }
            created.append("enrolled \(email) in \(slug)")
        }
        return created
    }
}
