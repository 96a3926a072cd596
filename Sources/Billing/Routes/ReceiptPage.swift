import Foundation
import HTTP
import Time

/// `GET /v1/payments/{id}/receipt`: a paid payment's receipt, as JSON or a printable page.
struct ReceiptResponse: Codable, Sendable {
    var receiptNumber: String
    var payment: PaymentResponse
    var customerName: String
    var customerEmail: String
    /// The billing address as given at checkout.
    var billingAddress: BillingAddress?

    init(_ payment: Payment) {
        receiptNumber = payment.receiptNumber ?? ""
        self.payment = PaymentResponse(payment)
        customerName = payment.customerName
        customerEmail = payment.customerEmail
        billingAddress = try? JSONDecoder().decode(BillingAddress.self, from: Data(payment.billingAddress.utf8))
    }
}

/// The printable receipt: one self-contained document, every value escaped, no script.
enum ReceiptPage {
    static func html(_ receipt: ReceiptResponse) -> String {
        let payment = receipt.payment
        let currency = Currency(payment.currency)
        func money(_ minor: Int) -> String {
            HTMLPage.escape((currency?.decimal(minor) ?? String(minor)) + " " + payment.currency)
        }
        let rows = payment.items.map { item in
            "<tr><td>\(HTMLPage.escape(item.title))<br><small>\(HTMLPage.escape(item.instructorName))</small></td>"
                + "<td>\(money(item.unitAmount))</td><td>\(money(item.discount))</td><td>\(money(item.tax))</td>"
                + "<td>\(money(item.total))</td></tr>"
        }.joined(separator: "\n")
        let address =
            receipt.billingAddress.map { address in
                [address.line1, address.line2, address.city, address.postalCode, address.country].compactMap { $0 }
                    .map(HTMLPage.escape).joined(separator: "<br>")
            } ?? ""
        let refunded = payment.refunded > 0 ? "<p>Refunded: \(money(payment.refunded))</p>" : ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Receipt \(HTMLPage.escape(receipt.receiptNumber))</title>
            <style>
            body{font-family:sans-serif;max-width:46rem;margin:2rem auto}table{width:100%;border-collapse:collapse}
            td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:right}td:first-child,th:first-child{text-align:left}
            </style></head><body>
            <h1>Receipt \(HTMLPage.escape(receipt.receiptNumber))</h1>
            <p>Paid \(HTMLPage.escape(String((payment.completedAt ?? payment.updatedAt).prefix(10)))) by \(HTMLPage.escape(payment.method))</p>
            <p>\(HTMLPage.escape(receipt.customerName))<br>\(HTMLPage.escape(receipt.customerEmail))<br>\(address)</p>
            <table><tr><th>Course</th><th>Price</th><th>Discount</th><th>Tax</th><th>Total</th></tr>
            \(rows)
            </table>
            <p>Subtotal \(money(payment.subtotal)), discount \(money(payment.discount)), tax \(money(payment.tax))\(payment.taxInclusive ? " (included)" : "")</p>
            <p><strong>Total \(money(payment.total))</strong></p>
            \(refunded)
            <p>Payment \(HTMLPage.escape(payment.id))</p>
            </body></html>
            """
    }
}
