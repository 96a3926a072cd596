/// The topics of events between services (DESIGN §7). A payload carries absolute state and a version, so a
/// consumer can apply events in any order and ignore one older than what it has.
public enum EventTopic {
    /// identity → all: a user's public names, image, role or status changed (`UserChanged`).
    public static let userChanged = "user.changed"
    /// identity → all: a user deleted their account; erase what refers to them (`UserDeleted`).
    public static let userDeleted = "user.deleted"
    /// catalog → learning, billing: a course's absolute state (`CourseChanged`).
    public static let courseChanged = "course.changed"
    /// learning → catalog: a course's enrollment count and rating (`CourseStats`).
    public static let courseStats = "course.stats"
}
