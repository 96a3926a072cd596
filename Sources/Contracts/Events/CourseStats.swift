/// Payload of `course.stats`: a course's enrollment count and rating, as learning counts them.
///
/// Catalog applies it only when `version` is higher than the one it holds, so late or repeated events are
/// harmless.
public struct CourseStats: Codable, Sendable, Equatable {
    /// The course's id (UUIDv7, lower case).
    public var courseId: String
    /// Active and completed enrollments.
    public var enrollmentCount: Int
    /// The mean of the published reviews' ratings, 0 without reviews.
    public var ratingAverage: Double
    /// The number of published reviews.
    public var ratingCount: Int
    /// Grows with every change of the counts (higher is newer).
    public var version: Int

    /// Creates the payload.
    public init(courseId: String, enrollmentCount: Int, ratingAverage: Double, ratingCount: Int, version: Int) {
        self.courseId = courseId
        self.enrollmentCount = enrollmentCount
        self.ratingAverage = ratingAverage
        self.ratingCount = ratingCount
        self.version = version
    }
}
