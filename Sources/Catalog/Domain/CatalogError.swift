import HTTP

/// The catalog service's domain errors, each with its status and stable code.
public struct CatalogError: HTTPError, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case categoryInUse, categoryNameTaken, categorySlugTaken, slugTaken, versionRequired, staleVersion
        case courseNotDeletable, invalidTransition(String), courseIncomplete([FieldError]), curriculumChanged
        case curriculumLimit(String), identityUnavailable, unknownCategory, versionMismatch
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// A category with courses cannot be deleted (409).
    public static let categoryInUse = CatalogError(.categoryInUse)
    /// Another category has this name (409).
    public static let categoryNameTaken = CatalogError(.categoryNameTaken)
    /// Another category has this slug (409).
    public static let categorySlugTaken = CatalogError(.categorySlugTaken)
    /// Another course has this slug (409).
    public static let slugTaken = CatalogError(.slugTaken)
    /// A change of a course must say which version it changes: `If-Match` or `version` (428).
    public static let versionRequired = CatalogError(.versionRequired)
    /// The course changed since the version the client read (412).
    public static let staleVersion = CatalogError(.staleVersion)
    /// Only a draft without enrollments can be deleted; archive it instead (409).
    public static let courseNotDeletable = CatalogError(.courseNotDeletable)
    /// The course's status does not allow this step; `detail` says why (409).
    public static func invalidTransition(_ detail: String) -> CatalogError { CatalogError(.invalidTransition(detail)) }
    /// The course lacks what submitting needs; `missing` lists it (422).
    public static func courseIncomplete(_ missing: [FieldError]) -> CatalogError {
        CatalogError(.courseIncomplete(missing))
    }
    /// A reorder did not name exactly the course's sections and lessons (409).
    public static let curriculumChanged = CatalogError(.curriculumChanged)
    /// A course, section or lesson already holds as many items as it may; `detail` says which (409).
    public static func curriculumLimit(_ detail: String) -> CatalogError { CatalogError(.curriculumLimit(detail)) }

    /// `categoryId` names no category (422: the body is well formed, what it refers to is not there).
    public static let unknownCategory = CatalogError(.unknownCategory)
    /// `If-Match` and the body's `version` name different versions, so at least one is not current (412).
    public static let versionMismatch = CatalogError(.versionMismatch)

    /// Identity could not say who the instructor is, so the course cannot be made yet (503).
    public static let identityUnavailable = CatalogError(.identityUnavailable)

    /// The response status.
    public var status: HTTPStatus {
        switch kind {
        case .versionRequired: HTTPStatus(code: 428)
        case .staleVersion, .versionMismatch: HTTPStatus(code: 412)
        case .unknownCategory: .unprocessableContent
        case .courseIncomplete: .unprocessableContent
        case .identityUnavailable: .serviceUnavailable
        default: .conflict
        }
    }

    /// The stable machine name.
    public var code: String {
        switch kind {
        case .categoryInUse: "categoryInUse"
        case .categoryNameTaken: "categoryNameTaken"
        case .categorySlugTaken: "categorySlugTaken"
        case .slugTaken: "slugTaken"
        case .versionRequired: "versionRequired"
        case .staleVersion: "staleVersion"
        case .courseNotDeletable: "courseNotDeletable"
        case .invalidTransition: "invalidTransition"
        case .courseIncomplete: "courseIncomplete"
        case .curriculumChanged: "curriculumMismatch"
        case .curriculumLimit: "curriculumLimit"
        case .identityUnavailable: "identityUnavailable"
        case .unknownCategory: "unknownCategory"
        case .versionMismatch: "versionMismatch"
        }
    }

    /// A safe explanation.
    public var detail: String? {
        switch kind {
        case .categoryInUse: "courses use this category; move them first"
        case .categoryNameTaken: "another category has this name"
        case .categorySlugTaken: "another category has this slug"
        case .slugTaken: "another course has this slug"
        case .versionRequired: "send If-Match with the course's ETag, or a version field"
        case .staleVersion: "the course changed since you read it; read it again"
        case .courseNotDeletable: "only a draft without enrollments can be deleted; archive the course instead"
        case .invalidTransition(let detail), .curriculumLimit(let detail): detail
        case .courseIncomplete: "the course is not ready to be submitted"
        case .curriculumChanged: "the order must name every section and lesson of the course exactly once"
        case .identityUnavailable: "the instructor's name cannot be looked up right now; try again shortly"
        case .unknownCategory: "categoryId names no category"
        case .versionMismatch: "If-Match and version name different versions; send one of them"
        }
    }

    /// What a course lacks, for `courseIncomplete`.
    public var fieldErrors: [FieldError] {
        if case .courseIncomplete(let missing) = kind { return missing }
        if case .unknownCategory = kind { return [FieldError(field: "categoryId", message: "is not a category")] }
        return []
    }

    /// `Retry-After` for 503.
    public var headers: HTTPHeaders {
        if case .identityUnavailable = kind { return ["Retry-After": "5"] }
        return [:]
    }

    /// The status and code.
    public var description: String { "\(status.code) \(code)" }
}
