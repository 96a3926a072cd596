import Contracts
import Foundation
import Postgres
import ServiceKit

/// The events catalog consumes: `user.changed` and `user.deleted` keep the instructors' display names current.
struct CatalogEvents: Sendable {
    let dependencies: CatalogDependencies

    var consumer: EventConsumer {
        EventConsumer(
            pool: dependencies.pool,
            handlers: [
                EventTopic.userChanged: { event, connection in
                    try await InstructorStore.apply(try event.decode(UserChanged.self), on: connection)
                },
                EventTopic.userDeleted: { event, connection in
                    try await InstructorStore.apply(try event.decode(UserDeleted.self), on: connection)
                },
            ])
    }
}
