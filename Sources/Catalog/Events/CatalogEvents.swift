import Contracts
import Foundation
import Postgres
import ServiceKit

/// The events catalog consumes: `user.changed` and `user.deleted` keep the instructors' display names current,
/// `course.stats` the courses' enrollment counts and ratings.
struct CatalogEvents: Sendable {
    let service: CatalogService

    var consumer: EventConsumer {
        let instructors = InstructorStore(changes: service.changes)
        var consumer = EventConsumer(pool: service.pool)
        consumer.on(.userChanged) { user, _, connection in try await instructors.apply(user, on: connection) }
        consumer.on(.userDeleted) { user, _, connection in try await instructors.apply(user, on: connection) }
        consumer.on(.courseStats) { stats, _, connection in try await CourseStatsStore.apply(stats, on: connection) }
        return consumer
    }
}
