/// `GET /internal/v1/courses/{id}` (catalog): a course in any status, with its whole curriculum outline,
/// lesson ids and video URLs, for learning's player and billing's prices.
public struct InternalCourse: Codable, Sendable, Equatable {
    /// The course's id (UUIDv7, lower case).
    public var id: String
    /// The course's URL name.
    public var slug: String
    /// The title.
    public var title: String
    /// `draft`, `under-review`, `published` or `archived`.
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
    /// The price before a reduction, if the course shows one.
    public var originalPrice: Int?
    /// The ISO 4217 code of the prices.
    public var currency: String
    /// The cover image's URL.
    public var coverUrl: String?
    /// Every lesson's id, in curriculum order.
    public var lessonIds: [String]
    /// The number of lessons.
    public var lessonCount: Int
    /// The sum of the lessons' durations.
    public var totalDurationSeconds: Int
    /// The sections in order, each with its lessons in order.
    public var sections: [InternalSection]
    /// The course's version (higher is newer), as `course.changed` carries it.
    public var version: Int
    /// When the course was first published, RFC 3339 UTC.
    public var publishedAt: String?
    /// When the course last changed, RFC 3339 UTC.
    public var updatedAt: String

    /// Creates the answer.
    public init(
        id: String, slug: String, title: String, status: String, isPublic: Bool, instructorId: String,
        instructorName: String, categoryId: String?, price: Int?, originalPrice: Int?, currency: String,
        coverUrl: String?, lessonIds: [String], lessonCount: Int, totalDurationSeconds: Int,
        sections: [InternalSection], version: Int, publishedAt: String?, updatedAt: String
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
        self.originalPrice = originalPrice
        self.currency = currency
        self.coverUrl = coverUrl
        self.lessonIds = lessonIds
        self.lessonCount = lessonCount
        self.totalDurationSeconds = totalDurationSeconds
        self.sections = sections
        self.version = version
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
    }
}

/// A section of an `InternalCourse`.
public struct InternalSection: Codable, Sendable, Equatable {
    /// The section's id.
    public var id: String
    /// The title.
    public var title: String
    /// The lessons, in order.
    public var lessons: [InternalLesson]

    /// Creates a section.
    public init(id: String, title: String, lessons: [InternalLesson]) {
        self.id = id
        self.title = title
        self.lessons = lessons
    }
}

/// A lesson of an `InternalCourse`.
public struct InternalLesson: Codable, Sendable, Equatable {
    /// The lesson's id.
    public var id: String
    /// The title.
    public var title: String
    /// `video`, `text`, `quiz` or `assignment`.
    public var type: String
    /// The length in seconds.
    public var durationSeconds: Int
    /// The video's URL, for video lessons.
    public var videoUrl: String?
    /// Whether anyone may watch it without enrolling.
    public var isFreePreview: Bool

    /// Creates a lesson.
    public init(id: String, title: String, type: String, durationSeconds: Int, videoUrl: String?, isFreePreview: Bool) {
        self.id = id
        self.title = title
        self.type = type
        self.durationSeconds = durationSeconds
        self.videoUrl = videoUrl
        self.isFreePreview = isFreePreview
    }
}
