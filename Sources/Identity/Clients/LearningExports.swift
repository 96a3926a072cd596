import Contracts
import Foundation
import ServiceKit

/// Learning's export of a user (`GET /internal/v1/users/{id}/export`), which identity's data export includes.
struct LearningExports: Sendable {
    let client: InternalClient
    let learningURL: String

    /// Everything learning holds on `user`.
    /// - Throws: `IdentityError.learningUnavailable` when learning cannot answer (an export without its learning
    ///   part would look complete and not be).
    func export(of user: UUID, requestId: String?) async throws -> LearningExport {
        let answer: LearningExport?
        do {
            answer = try await client.get(
                "/internal/v1/users/\(user.uuidString.lowercased())/export", at: learningURL, as: LearningExport.self,
                requestID: requestId)
        } catch is InternalCallError {
            throw IdentityError.learningUnavailable
        }
        guard let answer else { throw IdentityError.learningUnavailable }
        return answer
    }
}
