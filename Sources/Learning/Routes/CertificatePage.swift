import Foundation
import HTTP
import Time

/// The printable page of a certificate (`GET /v1/certificates/{code}` with `Accept: text/html`): one
/// self-contained document, every value escaped, no script.
enum CertificatePage {
    static func html(_ certificate: Certificate) -> String {
        let date = RFC3339.milliseconds(certificate.completedAt).prefix(10)
        let score = certificate.finalScore.map { "<p class=\"score\">Final score: \($0)%</p>" } ?? ""
        let revoked =
            certificate.revokedAt.map { at in
                "<p class=\"revoked\">Revoked on \(RFC3339.milliseconds(at).prefix(10)): "
                    + HTMLPage.escape(certificate.revokedReason ?? "") + "</p>"
            } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Certificate \(HTMLPage.escape(certificate.code))</title>
            <style>
            body{font-family:Georgia,serif;max-width:46rem;margin:3rem auto;padding:3rem;border:.5rem double #333;text-align:center}
            h1{font-size:2.2rem;margin:0 0 2rem}.name{font-size:2rem;margin:1rem 0}.course{font-size:1.5rem;font-style:italic}
            .revoked{color:#a00;font-weight:bold;font-size:1.3rem}.code{font-family:monospace;margin-top:3rem}
            @media print{body{border-width:.3rem}}
            </style></head><body>
            <h1>Certificate of Completion</h1>
            \(revoked)
            <p>This certifies that</p>
            <p class="name">\(HTMLPage.escape(certificate.holderName))</p>
            <p>completed the course</p>
            <p class="course">\(HTMLPage.escape(certificate.courseTitle))</p>
            <p>taught by \(HTMLPage.escape(certificate.instructorName)), on \(date).</p>
            \(score)
            <p class="code">Verification code: \(HTMLPage.escape(certificate.code))</p>
            </body></html>
            """
    }
}
