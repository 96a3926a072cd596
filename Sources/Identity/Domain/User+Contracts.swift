import Contracts
import ServiceKit
import Time

extension User {
    /// The user's public, absolute state as `user.changed` and `/internal/v1/users` carry it; `updatedAt`, exact
    /// to the microsecond, is its version.
    var changed: UserChanged {
        UserChanged(
            id: id.lowercased, firstName: firstName, lastName: lastName, imageURL: imageURL,
            role: role.rawValue, status: status.rawValue, isInstructorApproved: isInstructorApproved,
            updatedAt: RFC3339.string(updatedAt))
    }

    /// What other services may know of the user (`GET /internal/v1/users/…`).
    var internalUser: InternalUser {
        InternalUser(id: id.lowercased, state: changed, isDeleted: deletedAt != nil)
    }
}
