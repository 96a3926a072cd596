import Foundation
import Logging
import Synchronization
import Testing

@testable import HTTP

struct NewCourse: StrictDecodable, Encodable, Equatable {
    struct Price: Codable, Equatable {
        var amount: Int
        var currency: String
    }
    var title: String
    var price: Price
    var tags: [String]?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if title.isEmpty { errors.append(FieldError(field: "title", message: "must not be empty")) }
        if price.amount < 0 { errors.append(FieldError(field: "price.amount", message: "must not be negative")) }
        return errors
    }
}

final class RecordingMetrics: MetricsRecorder {
    let records = Mutex<[(String, Int)]>([])
    func record(route: String, method: HTTPMethod, status: Int, duration: Duration) {
        records.withLock { $0.append((route, status)) }
    }
}

final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
}

func makeTestRouter(lines: LogLines? = nil, metrics: RecordingMetrics? = nil) -> RouterResponder {
    var router = Router(logger: Logger(service: "test", sink: { line in lines?.lines.withLock { $0.append(line) } }))
    router.use(RequestLoggingMiddleware())
    if let metrics { router.use(MetricsMiddleware(recorder: metrics)) }
    router.use(CORSMiddleware(origins: .list(["https://app.example"])))
    router.get("/courses") { _, _ in .text("list") }
    router.get("/courses/:id") { _, context in .text("course \(context.parameters["id"] ?? "")") }
    router.get("/courses/featured") { _, _ in .text("featured") }
    router.delete("/courses/:id") { _, _ in Response(status: .noContent) }
    router.get("/files/*") { _, context in .text("file \(context.parameters.catchAll ?? "")") }
    router.post("/courses") { request, _ in
        let course = try request.decode(NewCourse.self)
        return try .json(course, status: .created)
    }
    router.get("/boom") { _, _ in throw CocoaError(.fileNoSuchFile) }
    let tag = ClosureMiddleware { request, context, next in
        var response = try await next(request, context)
        response.headers.add("X-Group", "admin")
        return response
    }
    router.group("/v1/admin", middleware: [tag]) { admin in
        admin.get("users/:id") { _, context in .text("user \(context.parameters.get("id", as: Int.self) ?? -1)") }
        admin.group("reports") { reports in
            reports.get("daily") { _, context in .text(context.route ?? "") }
        }
    }
    return router.buildResponder()
}

func send(
    _ responder: RouterResponder, _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: String = ""
)
    async -> (Response, String)
{
    var allHeaders: HTTPHeaders = ["Host": "test"]
    for field in headers { allHeaders.add(field.name, field.value) }
    let response = await responder.respond(
        to: Request(method: method, target: target, headers: allHeaders, body: Array(body.utf8)))
    return (response, String(decoding: response.body.bytes ?? [], as: UTF8.self))
}

@Suite struct RouterTests {
    @Test func matchesStaticParameterAndCatchAllSegments() async {
        let router = makeTestRouter()
        #expect(await send(router, .get, "/courses").1 == "list")
        #expect(await send(router, .get, "/courses/42").1 == "course 42")
        #expect(await send(router, .get, "/courses/featured").1 == "featured")
        #expect(await send(router, .get, "/courses/a%20b").1 == "course a b")
        #expect(await send(router, .get, "/files/a/b/c.txt").1 == "file a/b/c.txt")
    }

    @Test func answers404And405WithAllow() async throws {
        let router = makeTestRouter()
        let (missing, missingBody) = await send(router, .get, "/nope")
        #expect(missing.status.code == 404)
        #expect(missing.headers["content-type"] == "application/problem+json")
        #expect(missingBody.contains("\"code\":\"notFound\""))
        let (wrong, _) = await send(router, .put, "/courses/1")
        #expect(wrong.status.code == 405)
        #expect(wrong.headers["allow"] == "DELETE, GET, HEAD")
    }

    @Test func aMatchedRouteCarriesItsBodyLimitAndAnswersWithItsOwnHandler() async {
        var router = Router()
        router.post("/upload/:kind", maxBodyBytes: 64) { request, context in
            .text("\(context.route ?? "") \(context.parameters["kind"] ?? "") \(request.body.count)")
        }
        router.get("/upload/:kind") { _, _ in .text("listing") }
        let responder = router.buildResponder()

        let upload = responder.route(method: .post, path: "/upload/video")
        #expect(upload.maxBodyBytes == 64)
        let answer = await upload.respond(to: Request(method: .post, target: "/upload/video", body: [1, 2, 3]))
        #expect(answer.body.bytes == Array("/upload/:kind video 3".utf8))
        #expect(answer.headers["x-request-id"] != nil)

        let head = responder.route(method: .head, path: "/upload/video")
        #expect(head.maxBodyBytes == nil)
        #expect(
            await head.respond(to: Request(method: .head, target: "/upload/video")).body.bytes == Array("listing".utf8))

        let wrongMethod = responder.route(method: .put, path: "/upload/video")
        #expect(wrongMethod.maxBodyBytes == nil)
        #expect(await wrongMethod.respond(to: Request(method: .put, target: "/upload/video")).status.code == 405)
        let missing = responder.route(method: .post, path: "/nope")
        #expect(missing.maxBodyBytes == nil)
        #expect(await missing.respond(to: Request(method: .post, target: "/nope")).status.code == 404)
    }

    @Test func servesHeadWithTheGetRoute() async {
        let router = makeTestRouter()
        #expect(await send(router, .head, "/courses").0.status.code == 200)
    }

    @Test func groupsShareAPrefixAndMiddlewareAndRecordThePattern() async {
        let router = makeTestRouter()
        let (response, body) = await send(router, .get, "/v1/admin/users/7")
        #expect(body == "user 7")
        #expect(response.headers["x-group"] == "admin")
        #expect(await send(router, .get, "/v1/admin/reports/daily").1 == "/v1/admin/reports/daily")
        #expect(await send(router, .get, "/courses").0.headers["x-group"] == nil)
    }

    @Test func keepsAWellFormedRequestIdAndReplacesABadOne() async {
        let router = makeTestRouter()
        #expect(
            await send(router, .get, "/courses", headers: ["X-Request-Id": "abc-123.x_y"]).0.headers["x-request-id"]
                == "abc-123.x_y")
        let generated = await send(router, .get, "/courses", headers: ["X-Request-Id": "bad id!"]).0.headers[
            "x-request-id"]
        #expect(generated != nil && generated != "bad id!" && RequestID.isWellFormed(generated!))
    }

    @Test func unexpectedErrorsBecomeOpaque500s() async throws {
        let router = makeTestRouter()
        let (response, body) = await send(router, .get, "/boom", headers: ["X-Request-Id": "req-1"])
        #expect(response.status.code == 500)
        let problem = try JSONDecoder().decode(ProblemDetails.self, from: Data(body.utf8))
        #expect(problem.requestId == "req-1")
        #expect(problem.code == "internalError")
        #expect(!body.contains("NSCocoaErrorDomain") && !body.contains("fileNoSuchFile"))
    }

    @Test func decodesJSONStrictlyAndReportsEveryBadField() async throws {
        let router = makeTestRouter()
        let json: HTTPHeaders = ["Content-Type": "application/json"]
        let (created, createdBody) = await send(
            router, .post, "/courses", headers: json,
            body: #"{"title":"Swift","price":{"amount":100,"currency":"USD"}}"#)
        #expect(created.status.code == 201)
        #expect(createdBody.contains("Swift"))

        let (bad, badBody) = await send(
            router, .post, "/courses", headers: json,
            body: #"{"title":"A","title":"B","price":{"amount":1,"currency":"USD","extra":1},"admin":true}"#)
        #expect(bad.status.code == 400)
        let problem = try JSONDecoder().decode(ProblemDetails.self, from: Data(badBody.utf8))
        #expect(problem.code == "validationFailed")
        #expect(Set((problem.errors ?? []).map { $0.field }) == ["title", "price.extra", "admin"])

        let (invalid, invalidBody) = await send(
            router, .post, "/courses", headers: json, body: #"{"title":"","price":{"amount":-5,"currency":"USD"}}"#)
        #expect(invalid.status.code == 400)
        let validation = try JSONDecoder().decode(ProblemDetails.self, from: Data(invalidBody.utf8))
        #expect((validation.errors ?? []).map { $0.field } == ["title", "price.amount"])

        let (wrongType, wrongTypeBody) = await send(
            router, .post, "/courses", headers: json, body: #"{"title":5,"price":{"amount":1,"currency":"USD"}}"#)
        #expect(wrongType.status.code == 400)
        #expect(wrongTypeBody.contains(#""field":"title""#))

        #expect(await send(router, .post, "/courses", headers: json, body: "{").0.status.code == 400)
        #expect(await send(router, .post, "/courses", body: "{}").0.status.code == 415)
    }

    @Test func answersCORSPreflightAndMarksAllowedOrigins() async {
        let router = makeTestRouter()
        let (preflight, _) = await send(
            router, .options, "/courses",
            headers: ["Origin": "https://app.example", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status.code == 204)
        #expect(preflight.headers["access-control-allow-origin"] == "https://app.example")
        #expect(preflight.headers["access-control-allow-methods"]?.contains("POST") == true)
        let (simple, _) = await send(router, .get, "/courses", headers: ["Origin": "https://app.example"])
        #expect(simple.headers["access-control-allow-origin"] == "https://app.example")
        let (foreign, _) = await send(router, .get, "/courses", headers: ["Origin": "https://evil.example"])
        #expect(foreign.headers["access-control-allow-origin"] == nil)
    }

    @Test func logsOneJSONLinePerRequestAndReportsMetricsByRoute() async throws {
        let lines = LogLines()
        let metrics = RecordingMetrics()
        let router = makeTestRouter(lines: lines, metrics: metrics)
        _ = await send(router, .get, "/courses/9", headers: ["X-Request-Id": "r-9"])
        _ = await send(router, .get, "/missing")
        let logged = lines.lines.withLock { $0 }
        #expect(logged.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(logged[0].utf8)) as? [String: Any]
        #expect(first?["route"] as? String == "/courses/:id")
        #expect(first?["requestId"] as? String == "r-9")
        #expect(first?["status"] as? Int == 200)
        #expect(first?["service"] as? String == "test")
        #expect(first?["method"] as? String == "GET")
        #expect(first?["ms"] != nil && first?["time"] != nil && first?["level"] as? String == "info")
        let recorded = metrics.records.withLock { $0 }
        #expect(recorded.map(\.0) == ["/courses/:id", "unmatched"])
        #expect(recorded.map(\.1) == [200, 404])
    }
}
