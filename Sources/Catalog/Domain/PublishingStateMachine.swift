import HTTP
import ServiceKit

/// The publishing life of a course as a value: given its status and a requested step, it decides the step's
/// action or refuses it, with no I/O. The store carries the action out.
///
/// ```
/// draft ──submit──▶ under-review ──approve──▶ published
///   │ ▲    └─(no review required)──────────────▲   │
///   │ └──────────────reject (note)─────────┘       │
///   └──────────archive (from any but archived)─────┴──▶ archived ──restore──▶ draft
/// ```
struct PublishingStateMachine: Sendable, Equatable {
    /// Who asks for a step: the course's owner or an admin (admins may do everything owners may).
    enum Actor: Sendable, Equatable {
        case owner, admin
    }

    /// A requested step.
    enum Event: Sendable, Equatable {
        /// The owner submits the course; `readiness` says what it has.
        case submit(CourseReadiness, isReviewRequired: Bool)
        /// An admin publishes a submitted course, which must still have what submitting needed.
        case approve(CourseReadiness)
        /// An admin sends a submitted course back to draft, saying why.
        case reject(note: String)
        /// The course is withdrawn.
        case archive
        /// An archived course becomes a draft again.
        case restore
    }

    /// What the store must do.
    enum Action: Sendable, Equatable {
        /// Status `under-review`, submitted now, the last review note cleared.
        case enterReview
        /// Status `published`, submitted now if it was not, first published now if never before, note cleared.
        case publish
        /// Status `draft` with the reviewer's note.
        case returnToDraft(note: String)
        /// Status `archived`, archived now.
        case archive
        /// Status `draft`, no longer archived.
        case restore
    }

    /// The course's status; a successful step moves it.
    private(set) var status: CourseStatus

    /// Starts from `status`.
    init(status: CourseStatus) {
        self.status = status
    }

    /// Decides `event` requested by `actor`: returns the action and moves `status`, or throws 403 (admins only),
    /// 409 `invalidTransition` (not from this status) or 422 `courseIncomplete` (what submitting lacks).
    mutating func handle(_ event: Event, by actor: Actor) throws -> Action {
        switch event {
        case .submit(let readiness, let isReviewRequired):
            guard status == .draft else { throw CatalogError.invalidTransition("only a draft can be submitted") }
            guard readiness.missing.isEmpty else { throw CatalogError.courseIncomplete(readiness.missing) }
            status = isReviewRequired ? .underReview : .published
            return isReviewRequired ? .enterReview : .publish
        case .approve(let readiness):
            guard actor == .admin else { throw ServiceError.forbidden }
            guard status == .underReview else {
                throw CatalogError.invalidTransition("only a course under review can be approved")
            }
            // The curriculum stays editable under review, so what submitting checked may be gone.
            guard readiness.missing.isEmpty else { throw CatalogError.courseIncomplete(readiness.missing) }
            status = .published
            return .publish
        case .reject(let note):
            guard actor == .admin else { throw ServiceError.forbidden }
            guard status == .underReview else {
                throw CatalogError.invalidTransition("only a course under review can be rejected")
            }
            status = .draft
            return .returnToDraft(note: note)
        case .archive:
            guard status != .archived else { throw CatalogError.invalidTransition("the course is already archived") }
            status = .archived
            return .archive
        case .restore:
            guard status == .archived else {
                throw CatalogError.invalidTransition("only an archived course can be restored")
            }
            status = .draft
            return .restore
        }
    }
}

/// What a course has that submitting needs: a section with a lesson, a price (0 is free) and a category.
struct CourseReadiness: Sendable, Equatable {
    /// Whether some section has at least one lesson.
    var hasLesson: Bool
    /// Whether a price is set.
    var hasPrice: Bool
    /// Whether a category is set.
    var hasCategory: Bool

    /// What is missing, one field error each, in a stable order.
    var missing: [FieldError] {
        var missing: [FieldError] = []
        if !hasLesson { missing.append(FieldError(field: "curriculum", message: "needs a section with a lesson")) }
        if !hasPrice { missing.append(FieldError(field: "price", message: "must be set (0 for a free course)")) }
        if !hasCategory { missing.append(FieldError(field: "categoryId", message: "must be set")) }
        return missing
    }
}
