/// Payload of `user.changed`: a user's public, absolute state.
public struct UserChanged: Codable, Sendable, Equatable {
    /// The user's id (UUIDv7, lower case).
    public var id: String
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// The avatar's URL, if any.
    public var imageURL: String?
    /// `admin`, `instructor` or `student`.
    public var role: String
    /// `active`, `inactive` or `suspended`.
    public var status: String
    /// Whether an admin approved the user as an instructor.
    public var isInstructorApproved: Bool
    /// When the user last changed, RFC 3339 UTC with microseconds: the version (later text is newer).
    public var updatedAt: String

    /// Creates the payload.
    public init(
        id: String, firstName: String, lastName: String, imageURL: String?, role: String, status: String,
        isInstructorApproved: Bool, updatedAt: String
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.imageURL = imageURL
        self.role = role
        self.status = status
        self.isInstructorApproved = isInstructorApproved
        self.updatedAt = updatedAt
    }

    /// The name shown beside the user's courses and reviews.
    public var displayName: String { "\(firstName) \(lastName)" }
}
