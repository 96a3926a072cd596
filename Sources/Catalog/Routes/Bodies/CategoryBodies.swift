import HTTP
import ServiceKit

/// `POST /v1/categories`: a name, and optionally a slug (made from the name when absent) and a description.
struct CategoryCreateBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["description"] }

    var name: String
    var slug: String?
    var description: String?

    func validate() -> [FieldError] {
        var errors = Checks.text(name, "name", maximum: 100, required: true)
        if let slug { errors += Checks.slug(slug, maximum: 120) }
        if let description { errors += Checks.text(description, "description", maximum: 500) }
        return errors
    }
}

/// `PATCH /v1/categories/{category}`: absent fields stay.
struct CategoryPatchBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["description"] }

    var name: String?
    var slug: String?
    var description: String?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let name { errors += Checks.text(name, "name", maximum: 100, required: true) }
        if let slug { errors += Checks.slug(slug, maximum: 120) }
        if let description { errors += Checks.text(description, "description", maximum: 500) }
        return errors
    }
}
