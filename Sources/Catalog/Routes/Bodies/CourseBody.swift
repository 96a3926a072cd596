import Foundation
import HTTP
import ServiceKit

/// `POST /v1/courses` and `PATCH /v1/courses/{course}`: the editable fields of a course. On creation only
/// `title` is required; on a change absent fields stay, and `null` clears the optional ones.
struct CourseBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["description", "fullDescription"] }

    /// What checking a body depends on besides the body and its purpose: the accepted currencies.
    struct Rules: Sendable {
        var currencies: [String] = []
    }

    /// The rules `validate()` applies, set around decoding with `CourseBody.$rules.withValue(…)`.
    @TaskLocal static var rules = Rules()

    var version: Int?
    var title: String?
    var slug: String?
    var description: String?
    var fullDescription: String?
    var learningOutcomes: [String]?
    var requirements: [String]?
    var targetAudience: [String]?
    var categoryId: Nullable<String>?
    var level: String?
    var tags: [String]?
    var language: String?
    var price: Nullable<Int>?
    var originalPrice: Nullable<Int>?
    var currency: String?
    var coverUrl: Nullable<String>?
    var previewUrl: Nullable<String>?
    var seoTitle: Nullable<String>?
    var seoDescription: Nullable<String>?
    var isPublic: Bool?

    func validate() -> [FieldError] {
        let rules = Self.rules
        var errors: [FieldError] = []
        if BodyPurpose.current == .creation {
            errors += Checks.required(title, "title")
            errors += Checks.absent(version, "version", "is only for changes")
        } else {
            errors += Checks.version(version)
        }
        if let title { errors += Checks.text(title, "title", maximum: 200, required: true) }
        if let slug { errors += Checks.slug(slug) }
        if let description { errors += Checks.text(description, "description", maximum: 500) }
        if let fullDescription { errors += Checks.text(fullDescription, "fullDescription", maximum: 5000) }
        if let learningOutcomes { errors += Checks.list(learningOutcomes, "learningOutcomes") }
        if let requirements { errors += Checks.list(requirements, "requirements") }
        if let targetAudience { errors += Checks.list(targetAudience, "targetAudience") }
        if let categoryId = categoryId?.value { errors += Checks.id(categoryId, "categoryId") }
        if let level { errors += Checks.oneOf(level, "level", CourseLevel.self, ignoringCase: true) }
        if let tags { errors += Checks.tags(tags) }
        if let language { errors += Checks.language(language) }
        if let price = price?.value { errors += Checks.price(price, "price") }
        if let originalPrice = originalPrice?.value { errors += Checks.price(originalPrice, "originalPrice") }
        if let currency { errors += Checks.oneOf(currency, "currency", ignoringCase: rules.currencies) }
        if let coverUrl = coverUrl?.value { errors += Checks.url(coverUrl, "coverUrl") }
        if let previewUrl = previewUrl?.value { errors += Checks.url(previewUrl, "previewUrl") }
        if let seoTitle = seoTitle?.value { errors += Checks.text(seoTitle, "seoTitle", maximum: 70) }
        if let seoDescription = seoDescription?.value {
            errors += Checks.text(seoDescription, "seoDescription", maximum: 160)
        }
        return errors
    }

    /// `fields` with this body's values applied, trimmed and normalized.
    func applied(to fields: CourseFields) -> CourseFields {
        func clean(_ list: [String]?, _ current: [String]) -> [String] { list?.map(Checks.trimmed) ?? current }
        var fields = fields
        if let title { fields.title = Checks.trimmed(title) }
        if let description { fields.description = Checks.trimmed(description) }
        if let fullDescription { fields.fullDescription = Checks.trimmed(fullDescription) }
        fields.learningOutcomes = clean(learningOutcomes, fields.learningOutcomes)
        fields.requirements = clean(requirements, fields.requirements)
        fields.targetAudience = clean(targetAudience, fields.targetAudience)
        fields.categoryID = categoryId.patching(fields.categoryID?.lowercased).flatMap(UUID.init(uuidString:))
        if let level { fields.level = CourseLevel(rawValue: level.lowercased()) ?? fields.level }
        if let tags { fields.tags = Checks.normalizedTags(tags) }
        if let language { fields.language = language }
        fields.price = price.patching(fields.price)
        fields.originalPrice = originalPrice.patching(fields.originalPrice)
        if let currency { fields.currency = currency.uppercased() }
        fields.coverURL = coverUrl.patching(fields.coverURL)
        fields.previewURL = previewUrl.patching(fields.previewURL)
        fields.seoTitle = seoTitle.patching(fields.seoTitle).map(Checks.trimmed)
        fields.seoDescription = seoDescription.patching(fields.seoDescription).map(Checks.trimmed)
        if let isPublic { fields.isPublic = isPublic }
        return fields
    }
}
