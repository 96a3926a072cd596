import Foundation
import HTTP
import ServiceKit

/// `/v1/certificates*`: anyone verifies a certificate by its code (JSON, or a printable page for
/// `Accept: text/html`) or offline by its JWS against the published keys; holders list theirs;
/// `/v1/admin/certificates*`: admins revoke and reinstate them.
struct CertificateRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, authenticated: any Middleware) {
        let certificates = service.certificates
        let keys = service.keys
        @Sendable func code(_ context: RequestContext) -> String? {
            CertificateCode.normalized(context.parameters["code"] ?? "")
        }
        router.get("/v1/certificates/jwks.json") { _, _ in
            Response(
                status: .ok,
                headers: ["Content-Type": "application/jwk-set+json", "Cache-Control": "public, max-age=300"],
                body: .bytes(Array(keys.keySet.jsonData())))
        }
        router.get("/v1/certificates/:code") { request, context in
            guard let code = code(context), let certificate = try await certificates.find(code: code) else {
                throw ServiceError.notFound
            }
            guard HTMLPage.isPreferred(by: request.headers["Accept"]) else {
                return try .json(CertificateResponse(certificate))
            }
            return HTMLPage.response(CertificatePage.html(certificate))
        }
        router.group("/v1/certificates", middleware: [authenticated]) { group in
            group.get("") { request, context in
                let principal = try context.requirePrincipal()
                var errors = FieldErrors()
                request.checkQueryNames(["limit", "cursor"], errors: &errors)
                let page = PageRequest<UUID>(request, errors: &errors)
                try errors.throwIfAny()
                let found = try await certificates.list(
                    user: principal.userID, after: page.cursor?.key, limit: page.fetchLimit)
                let ids = Dictionary(uniqueKeysWithValues: found.map { ($0.code, $0.id) })
                return try .json(
                    Page(fetched: found.map(CertificateResponse.init), limit: page.limit) { ids[$0.code]! })
            }
        }
        router.group("/v1/admin/certificates", middleware: [authenticated, RoleMiddleware(.admin)]) { group in
            group.post(":code/revoke", maxBodyBytes: 4 << 10) { request, context in
                let body = try request.decode(RevokeCertificateBody.self)
                guard let code = code(context),
                    let revoked = try await certificates.revoke(code: code, reason: Checks.trimmed(body.reason))
                else { throw ServiceError.notFound }
                return try .json(CertificateResponse(revoked))
            }
            group.post(":code/reinstate") { _, context in
                guard let code = code(context), let reinstated = try await certificates.revoke(code: code, reason: nil)
                else { throw ServiceError.notFound }
                return try .json(CertificateResponse(reinstated))
            }
        }
    }
}
