/// What an instructor sees of a course's enrollments, erased ones included (as counts): how many came on each day
/// of a period, how many are in each status, and how far those with access got.
struct CourseActivity: Sendable, Equatable {
    /// How many enrollments came on one UTC day.
    struct Day: Sendable, Equatable {
        /// The day, `YYYY-MM-DD` (UTC).
        var date: String
        var count: Int
    }

    /// Every day of the period, oldest first; a day without enrollments counts 0.
    var days: [Day]
    /// Enrollments in each status (erased ones in the status they had when erased).
    var countsByStatus: [EnrollmentStatus: Int]
    /// How many of them belonged to accounts erased since.
    var erasedCount: Int
    /// The sum of the progress percentages of the enrollments giving access (active or completed).
    var progressSumWithAccess: Int

    /// How many enrollments in `status`.
    func count(_ status: EnrollmentStatus) -> Int { countsByStatus[status] ?? 0 }

    /// Every enrollment the course ever had, in any status.
    var total: Int { countsByStatus.values.reduce(0, +) }

    /// The enrollments giving access: active or completed.
    var withAccess: Int { count(.active) + count(.completed) }

    /// The share of the enrollments giving access that are completed, 0 to 1 to four decimals; 0 without any.
    var completionRate: Double {
        guard withAccess > 0 else { return 0 }
        return (Double(count(.completed)) / Double(withAccess) * 10_000).rounded() / 10_000
    }

    /// The mean progress of the enrollments giving access, in percent to two decimals; 0 without any.
    var averageProgress: Double {
        guard withAccess > 0 else { return 0 }
        return (Double(progressSumWithAccess) / Double(withAccess) * 100).rounded() / 100
    }
}
