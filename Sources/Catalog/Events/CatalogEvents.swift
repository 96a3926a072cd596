import Contracts
import Foundation
import Postgres
import ServiceKit

/// The events catalog consumes: `user.changed` and `user.deleted` keep the instructors' display names current,
/// `course.stats` the courses' enrollment counts and ratings.
struct CatalogEvents: Sendable {
    let dependencies: CatalogDependencies

    var consumer: EventConsumer {
        let instructors = InstructorStore(changes: dependencies.changes)
        return EventConsumer(
            pool: dependencies.pool,
            handlers: [
                EventTopic.userChanged: { event, connection in
                    try await instructors.apply(try event.decode(UserChanged.self), on: connection)
                },
                EventTopic.userDeleted: { event, connection in
                    try await instructors.apply(try event.decode(UserDeleted.self), on: connection)
                },
                EventTopic.courseStats: { event, connection in
                    try await CourseStatsStore.apply(try event.decode(CourseStats.self), on: connection)
                },
            ])
    }
}
