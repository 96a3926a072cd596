import ServiceKit

extension CatalogService {
    var changes: CourseChanges { CourseChanges(outbox: outbox) }
    var courses: CourseStore { CourseStore(pool: pool, ids: ids, changes: changes) }
    var curriculum: CurriculumStore { CurriculumStore(pool: pool, ids: ids) }
    var categories: CategoryStore { CategoryStore(pool: pool, ids: ids) }
    var editor: CourseEditor { CourseEditor(pool: pool, courses: courses, changes: changes) }
    var instructors: InstructorDirectory {
        InstructorDirectory(
            pool: pool, client: internalClient,
            identityURL: settings.identityURL, logger: logger)
    }
}
