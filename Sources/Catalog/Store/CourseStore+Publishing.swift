import Foundation
import Postgres

extension CourseStore {
    /// Carries out a publishing action decided by `PublishingStateMachine` on a locked course; the caller records
    /// the change.
    func apply(_ action: PublishingStateMachine.Action, to courseID: UUID, on connection: PostgresConnection)
        async throws
    {
        let assignments: Query
        switch action {
        case .enterReview:
            assignments = "status = 'under-review', submitted_at = now(), review_note = NULL"
        case .publish:
            assignments = """
                status = 'published', submitted_at = CASE WHEN status = 'draft' THEN now() ELSE submitted_at END,
                published_at = COALESCE(published_at, now()), review_note = NULL
                """
        case .returnToDraft(let note):
            assignments = "status = 'draft', review_note = \(note)"
        case .archive:
            assignments = "status = 'archived', archived_at = now()"
        case .restore:
            assignments = "status = 'draft', archived_at = NULL"
        }
        try await connection.execute("UPDATE courses SET \(assignments) WHERE id = \(courseID)")
    }
}
