/// Where a course is in its life: a draft, waiting for review, published, or archived.
public enum CourseStatus: String, Sendable, CaseIterable, Codable {
    /// Being written; only its owner and admins see it.
    case draft
    /// Submitted; an admin approves or rejects it.
    case underReview = "under-review"
    /// Visible to everyone (when public) and open to enrollment.
    case published
    /// Withdrawn; enrolled students keep access through learning.
    case archived
}

/// How much a course expects of its students.
public enum CourseLevel: String, Sendable, CaseIterable {
    /// No prior knowledge.
    case beginner
    /// Some prior knowledge.
    case intermediate
    /// Solid prior knowledge.
    case advanced
}

/// What a lesson is.
public enum LessonType: String, Sendable, CaseIterable {
    /// A video to watch.
    case video
    /// Text to read.
    case text
    /// Questions to answer.
    case quiz
    /// Work to hand in.
    case assignment
}

/// What a lesson's material is.
public enum MaterialKind: String, Sendable, CaseIterable {
    /// A web page.
    case link
    /// A PDF document.
    case pdf
    /// A file to download.
    case file
    /// Source code.
    case code
}
