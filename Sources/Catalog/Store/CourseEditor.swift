import Foundation
import Postgres
import ServiceKit

/// Runs every change of a course or its curriculum the same way, in one transaction: lock the course, check
/// that the caller may change it and holds its current version, make the change, then record it (counts,
/// version, `course.changed`).
struct CourseEditor: Sendable {
    let pool: PostgresPool
    let courses: CourseStore
    let changes: CourseChanges

    /// What the caller says about the version they change.
    enum Precondition: Sendable, Equatable {
        /// A version must be given (`If-Match` or `version`): 428 without, 412 when stale.
        case required(Int?)
        /// A version may be given: 412 when stale.
        case optional(Int?)

        func check(_ current: Int) throws {
            switch self {
            case .required(nil): throw CatalogError.versionRequired
            case .required(let version?), .optional(let version?):
                if version != current { throw CatalogError.staleVersion }
            case .optional(nil): break
            }
        }
    }

    /// Changes the course `reference` names on behalf of `principal`; returns `change`'s result and the course
    /// as recorded afterwards. Nothing is kept when anything throws.
    func change<T: Sendable>(
        _ reference: CourseReference, by principal: Principal, _ precondition: Precondition,
        _ change: (PostgresConnection, Course) async throws -> T
    ) async throws -> (T, Course) {
        try await pool.withTransaction { connection in
            let course = try CourseAccess.requireManage(try await courses.lock(reference, on: connection), principal)
            try precondition.check(course.version)
            let result = try await change(connection, course)
            return (result, try await changes.record(course.id, on: connection))
        }
    }

    /// Deletes a draft that was never published and has no enrollments (else `courseNotDeletable`: learning and
    /// billing may refer to a course that was ever published) and announces it gone.
    func delete(_ reference: CourseReference, by principal: Principal, _ precondition: Precondition) async throws {
        try await pool.withTransaction { connection in
            let course = try CourseAccess.requireManage(try await courses.lock(reference, on: connection), principal)
            try precondition.check(course.version)
            guard course.status == .draft, course.publishedAt == nil, course.enrollmentCount == 0 else {
                throw CatalogError.courseNotDeletable
            }
            try await courses.delete(course.id, on: connection)
            try await changes.emitDeleted(course, on: connection)
        }
    }
}
