import Foundation
import HTTP
import ServiceKit

/// The filters of a course search, each optional; all given filters must hold.
struct CourseSearchFilters: Sendable, Hashable {
    /// A category named by id or by slug.
    enum CategoryReference: Sendable, Hashable {
        case id(UUID)
        case slug(String)
    }

    var category: CategoryReference?
    var level: String?
    /// Minor units, inclusive.
    var minPrice: Int64?
    /// Minor units, inclusive.
    var maxPrice: Int64?
    /// `true`: free courses only; `false`: paid courses only.
    var isFree: Bool?
    /// 0–5, inclusive.
    var minRating: Double?
    var tag: String?
    var language: String?
    var instructor: UUID?

    static let levels = ["beginner", "intermediate", "advanced"]

    /// Reads the filters from the query of `request`, recording every problem in `errors`.
    init(_ request: Request, errors: inout FieldErrors) {
        if let text = request.queryParameter("category") {
            category = Self.category(text, field: "category", errors: &errors)
        }
        if let text = request.queryParameter("level") {
            level = text.lowercased()
            errors.check(Self.levels.contains(text.lowercased()), "level", "must be beginner, intermediate or advanced")
        }
        minPrice = Self.money(request, "minPrice", errors: &errors)
        maxPrice = Self.money(request, "maxPrice", errors: &errors)
        if let minPrice, let maxPrice, minPrice > maxPrice {
            errors.add("minPrice", "must not be greater than maxPrice")
        }
        if let text = request.queryParameter("free") {
            isFree = text == "true" ? true : text == "false" ? false : nil
            errors.check(isFree != nil, "free", "must be true or false")
        }
        if let text = request.queryParameter("minRating") {
            minRating = Double(text).flatMap { $0.isFinite && (0...5).contains($0) ? $0 : nil }
            errors.check(minRating != nil, "minRating", "must be a number from 0 to 5")
        }
        if let text = request.queryParameter("tag") {
            tag = text.lowercased()
            errors.check(!text.isEmpty && text.count <= 50, "tag", "must be 1 to 50 characters")
        }
        if let text = request.queryParameter("language") {
            language = text
            errors.check(
                text.range(of: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", options: .regularExpression) != nil
                    && text.count <= 35, "language", "must be a language tag such as en or pt-BR")
        }
        if let text = request.queryParameter("instructor") {
            instructor = UUID(uuidString: text)
            errors.check(instructor != nil, "instructor", "must be a UUID")
        }
    }

    /// No filters.
    init() {}

    /// A category parameter: a UUID, or a slug.
    static func category(_ text: String, field: String, errors: inout FieldErrors) -> CategoryReference? {
        if let id = UUID(uuidString: text) { return .id(id) }
        guard text.count <= 120, text.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil
        else {
            errors.add(field, "must be a category id or slug")
            return nil
        }
        return .slug(text)
    }

    private static func money(_ request: Request, _ name: String, errors: inout FieldErrors) -> Int64? {
        guard let text = request.queryParameter(name) else { return nil }
        guard let value = Int64(text), value >= 0, value <= 10_000_000_000 else {
            errors.add(name, "must be a whole number of minor units from 0")
            return nil
        }
        return value
    }

    /// A stable text form, for telling one search from another in cursors and caches.
    var canonical: String { canonical(withCategoryAndLevel: true) }

    /// The text form of the filters that facet counts depend on (all but category and level, which the counts
    /// are split by).
    var facetCanonical: String { canonical(withCategoryAndLevel: false) }

    private func canonical(withCategoryAndLevel: Bool) -> String {
        var parts: [String] = []
        if withCategoryAndLevel {
            switch category {
            case .id(let id): parts.append("category=" + id.lowercased)
            case .slug(let slug): parts.append("category=" + slug)
            case nil: break
            }
            if let level { parts.append("level=" + level) }
        }
        if let minPrice { parts.append("minPrice=\(minPrice)") }
        if let maxPrice { parts.append("maxPrice=\(maxPrice)") }
        if let isFree { parts.append("free=\(isFree)") }
        if let minRating { parts.append("minRating=\(minRating)") }
        if let tag { parts.append("tag=" + tag) }
        if let language { parts.append("language=" + language) }
        if let instructor { parts.append("instructor=" + instructor.lowercased) }
        return parts.joined(separator: "\n")
    }
}
