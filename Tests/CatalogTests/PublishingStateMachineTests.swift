import HTTP
import ServiceKit
import Testing

@testable import Catalog

@Suite("Publishing state machine (no database)")
struct PublishingStateMachineTests {
    let ready = CourseReadiness(hasLesson: true, hasPrice: true, hasCategory: true)

    @Test func submittingADraftEntersReviewOrPublishesWhenNoReviewIsRequired() throws {
        var reviewed = PublishingStateMachine(status: .draft)
        #expect(try reviewed.handle(.submit(ready, isReviewRequired: true), by: .owner) == .enterReview)
        #expect(reviewed.status == .underReview)
        var direct = PublishingStateMachine(status: .draft)
        #expect(try direct.handle(.submit(ready, isReviewRequired: false), by: .owner) == .publish)
        #expect(direct.status == .published)
    }

    @Test func submittingListsEverythingMissingAndStaysADraft() {
        var machine = PublishingStateMachine(status: .draft)
        let empty = CourseReadiness(hasLesson: false, hasPrice: false, hasCategory: false)
        do {
            _ = try machine.handle(.submit(empty, isReviewRequired: true), by: .owner)
            Issue.record("an empty course was submitted")
        } catch let error as CatalogError {
            #expect(error.status.code == 422)
            #expect(error.fieldErrors.map(\.field) == ["curriculum", "price", "categoryId"])
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(machine.status == .draft)
    }

    @Test func onlyAdminsApproveOrReject() throws {
        var machine = PublishingStateMachine(status: .underReview)
        #expect(throws: ServiceError.self) { try machine.handle(.approve(ready), by: .owner) }
        #expect(throws: ServiceError.self) { try machine.handle(.reject(note: "no"), by: .owner) }
        #expect(machine.status == .underReview)
        var rejected = machine
        #expect(try rejected.handle(.reject(note: "Add a lesson"), by: .admin) == .returnToDraft(note: "Add a lesson"))
        #expect(rejected.status == .draft)
        let emptied = CourseReadiness(hasLesson: false, hasPrice: true, hasCategory: true)
        #expect(throws: CatalogError.self) { try machine.handle(.approve(emptied), by: .admin) }
        #expect(machine.status == .underReview)
        #expect(try machine.handle(.approve(ready), by: .admin) == .publish)
        #expect(machine.status == .published)
    }

    @Test func stepsFromTheWrongStatusAreRefused() {
        let refused: [(CourseStatus, PublishingStateMachine.Event)] = [
            (.underReview, .submit(ready, isReviewRequired: true)),
            (.published, .submit(ready, isReviewRequired: true)),
            (.archived, .submit(ready, isReviewRequired: false)),
            (.draft, .approve(ready)), (.published, .approve(ready)), (.archived, .approve(ready)),
            (.draft, .reject(note: "x")), (.published, .reject(note: "x")),
            (.archived, .archive),
            (.draft, .restore), (.underReview, .restore), (.published, .restore),
        ]
        for (status, event) in refused {
            var machine = PublishingStateMachine(status: status)
            do {
                _ = try machine.handle(event, by: .admin)
                Issue.record("\(event) from \(status) was allowed")
            } catch let error as CatalogError {
                #expect(error.code == "invalidTransition", "\(event) from \(status)")
            } catch {
                Issue.record("unexpected \(error)")
            }
            #expect(machine.status == status)
        }
    }

    @Test func anyCourseButAnArchivedOneCanBeArchivedAndRestoredToDraft() throws {
        for status in [CourseStatus.draft, .underReview, .published] {
            var machine = PublishingStateMachine(status: status)
            #expect(try machine.handle(.archive, by: .owner) == .archive)
            #expect(machine.status == .archived)
            #expect(try machine.handle(.restore, by: .owner) == .restore)
            #expect(machine.status == .draft)
        }
    }
}
