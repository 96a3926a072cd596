import Contracts
import Foundation
import HTTP
import ServiceKit
import Time

/// `/internal/v1/courses*` (service credential): whole courses in any status, for learning and billing.
struct InternalCourseRoutes: Sendable {
    let service: CatalogService

    /// The most ids one batch may ask for.
    static let maximumBatch = 100

    func add(to router: inout Router, internalOnly: any Middleware) {
        let courses = service.courses
        let curriculum = service.curriculum
        @Sendable func wire(_ course: Course) async throws -> InternalCourse {
            Self.internalCourse(course, outline: try await curriculum.outline(of: course.id))
        }
        router.group("/internal/v1/courses", middleware: [internalOnly]) { group in
            group.get(":course") { _, context in
                guard let course = try await courses.find(try CoursePresenter.reference(context)) else {
                    throw ServiceError.notFound
                }
                return try .json(try await wire(course))
            }
            group.post("batch", maxBodyBytes: 16 << 10) { request, _ in
                let body = try request.decode(BatchBody.self)
                var seen = Set<UUID>()
                let ids = body.ids.compactMap(UUID.init(uuidString:)).filter { seen.insert($0).inserted }
                let found = try await courses.find(ids: ids)
                let outlines = try await curriculum.outlines(of: found.map(\.id))
                return try .json(
                    InternalCourseBatch(items: found.map { Self.internalCourse($0, outline: outlines[$0.id] ?? []) }))
            }
        }
    }

    /// The wire form of a course and its outline.
    static func internalCourse(_ course: Course, outline: [Section]) -> InternalCourse {
        let sections = CourseChanges.sections(outline)
        let fields = course.fields
        return InternalCourse(
            id: course.id.lowercased, slug: course.slug, title: fields.title, status: course.status.rawValue,
            isPublic: fields.isPublic, instructorId: course.instructorID.lowercased,
            instructorName: course.instructorName, categoryId: fields.categoryID?.lowercased, price: fields.price,
            originalPrice: fields.originalPrice, currency: fields.currency, coverUrl: fields.coverURL,
            lessonIds: sections.flatMap { $0.lessons.map(\.id) }, lessonCount: course.lessonCount,
            totalDurationSeconds: course.totalDurationSeconds, sections: sections, version: course.version,
            publishedAt: RFC3339.milliseconds(course.publishedAt), updatedAt: RFC3339.milliseconds(course.updatedAt))
    }

    /// `POST /internal/v1/courses/batch`: up to `maximumBatch` ids.
    struct BatchBody: StrictDecodable {
        var ids: [String]

        func validate() -> [FieldError] {
            var errors = Checks.count(ids, "ids", maximum: InternalCourseRoutes.maximumBatch)
            for (index, id) in ids.enumerated().prefix(InternalCourseRoutes.maximumBatch) {
                errors += Checks.id(id, "ids.\(index)")
            }
            return errors
        }
    }
}
