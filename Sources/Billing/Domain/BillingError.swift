import Contracts
import Foundation
import HTTP

/// The billing service's own refusals, each a status, a stable code and a safe explanation.
struct BillingError: HTTPError, CustomStringConvertible, Sendable {
    let status: HTTPStatus
    let code: String
    let detail: String?
    var fieldErrors: [FieldError] = []

    var description: String { "\(status.code) \(code)" }

    /// A course of the checkout is not for sale: unknown, unpublished or not public (422).
    static func notForSale(_ ids: [String]) -> BillingError {
        BillingError(
            status: .unprocessableContent, code: "notForSale", detail: "some courses are not for sale",
            fieldErrors: [FieldError(field: "courseIds", message: "not for sale: " + ids.joined(separator: ", "))])
    }
    /// The buyer has access to some of the courses already (409).
    static func alreadyOwned(_ ids: [String]) -> BillingError {
        BillingError(
            status: .conflict, code: "alreadyOwned", detail: "you have access to some of these courses already",
            fieldErrors: [FieldError(field: "courseIds", message: "owned already: " + ids.joined(separator: ", "))])
    }
    /// Another open payment of the buyer has some of these courses: pay or cancel it first (409).
    static func checkoutOpen(_ payment: UUID) -> BillingError {
        BillingError(
            status: .conflict, code: "checkoutOpen",
            detail:
                "payment \(payment.lowercased) for some of these courses is waiting to be paid: pay or cancel it first")
    }
    /// The courses are priced in more than one currency; a checkout has one (422).
    static let mixedCurrencies = BillingError(
        status: .unprocessableContent, code: "mixedCurrencies",
        detail: "these courses are priced in different currencies: check them out separately",
        fieldErrors: [FieldError(field: "courseIds", message: "must all be priced in one currency")])
    /// The discount code cannot be used for this checkout (422), with why.
    static func discountNotApplicable(_ why: String) -> BillingError {
        BillingError(
            status: .unprocessableContent, code: "discountNotApplicable", detail: "the discount code " + why,
            fieldErrors: [FieldError(field: "discountCode", message: why)])
    }
    /// The payment method is not set up on this platform (422).
    static func methodUnavailable(_ method: String) -> BillingError {
        BillingError(
            status: .unprocessableContent, code: "methodUnavailable", detail: "\(method) payments are not offered",
            fieldErrors: [FieldError(field: "method", message: "is not offered")])
    }
    /// The payment is not in a state that allows this (409).
    static func wrongState(_ status: String, _ action: String) -> BillingError {
        BillingError(status: .conflict, code: "wrongState", detail: "a \(status) payment cannot be \(action)")
    }
    /// The payment provider could not be reached or refused us (502); nothing was charged.
    static let providerUnavailable = BillingError(
        status: .badGateway, code: "providerUnavailable",
        detail: "the payment provider did not answer; nothing was charged, try again")
    /// Catalog or learning could not answer (503).
    static let dependencyUnavailable = BillingError(
        status: .serviceUnavailable, code: "dependencyUnavailable",
        detail: "prices or enrollments cannot be checked right now; try again")
}
