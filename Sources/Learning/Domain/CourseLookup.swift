import Foundation
import Logging
import Postgres
import ServiceKit

/// A course as learning knows it: its own copy, or — on a miss — catalog's answer, stored for next time.
struct CourseLookup: Sendable {
    let snapshots: SnapshotStore
    let catalog: CatalogCourses
    let pool: PostgresPool
    let logger: Logger

    /// The course with `id`, or `nil` when neither learning nor catalog has it; 503 when catalog must be asked
    /// and cannot answer.
    func course(_ id: UUID, requestId: String? = nil) async throws -> CourseSnapshot? {
        if let stored = try await snapshots.find(id) { return stored }
        let answer: CourseSnapshot?
        do {
            answer = try await catalog.course(id, requestId: requestId).flatMap(CourseSnapshot.init)
        } catch let error as InternalCallError {
            logger.warning("course lookup failed", ["error": error.description])
            throw LearningError.catalogUnavailable
        }
        guard let answer else { return nil }
        try await pool.withConnection { connection in
            _ = try await SnapshotStore.store(answer, on: connection)
        }
        return try await snapshots.find(id)
    }
}
