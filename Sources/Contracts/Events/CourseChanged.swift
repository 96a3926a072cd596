/// Payload of `course.changed`: a course's absolute state after any change to it or its curriculum.
///
/// `version` grows with every change, so a consumer keeps the highest it has seen and ignores older ones.
/// When a draft is deleted, one last event says `status` `deleted`: forget the course.
public struct CourseChanged: Codable, Sendable, Equatable {
    /// The course's id (UUIDv7, lower case).
    public var id: String
    /// The course's URL name.
    public var slug: String
    /// The title.
    public var title: String
    /// `draft`, `under-review`, `published`, `archived`, or `deleted`.
    public var status: String
    /// Whether the course is listed for the public (when published).
    public var isPublic: Bool
    /// The owning instructor's user id.
    public var instructorId: String
    /// The instructor's display name.
    public var instructorName: String
    /// The category's id, if one is set.
    public var categoryId: String?
    /// The price in minor units of `currency`; `nil` while unset, 0 for a free course.
    public var price: Int?
    /// The ISO 4217 code of `price`.
    public var currency: String
    /// Every lesson's id, in curriculum order.
    public var lessonIds: [String]
    /// The number of lessons.
    public var lessonCount: Int
    /// The sum of the lessons' durations.
    public var totalDurationSeconds: Int
    /// The course's version (higher is newer).
    public var version: Int
    /// When the course last changed, RFC 3339 UTC.
    public var updatedAt: String
    /// The curriculum: sections in order, each with its lessons (their types, durations, videos and previews);
    /// `nil` in events written before it was carried (ask catalog's internal lookup then).
    public var sections: [InternalSection]?

    /// Creates the payload.
    public init(
        id: String, slug: String, title: String, status: String, isPublic: Bool, instructorId: String,
        instructorName: String, categoryId: String?, price: Int?, currency: String, lessonIds: [String],
        lessonCount: Int, totalDurationSeconds: Int, version: Int, updatedAt: String,
        sections: [InternalSection]? = nil
    ) {
        self.id = id
        self.slug = slug
        self.title = title
        self.status = status
        self.isPublic = isPublic
        self.instructorId = instructorId
        self.instructorName = instructorName
        self.categoryId = categoryId
        self.price = price
        self.currency = currency
        self.lessonIds = lessonIds
        self.lessonCount = lessonCount
        self.totalDurationSeconds = totalDurationSeconds
        self.version = version
        self.updatedAt = updatedAt
        self.sections = sections
    }
}
