import Foundation
import Postgres

/// The SQL of course search: lists of matching courses in a sort's order, and facet counts. Only the filters
/// given appear in the text. Statements are prepared once per connection: planning costs more than running
/// a page. Their plans do not depend on the values: a walk is an index scan by construction, and reads through
/// the text index run with sequential and index scans disabled (`matchesThroughTextIndex`). Browsing with
/// filters, whose best plan does depend on them (a price range may hold 1% of courses or 90%), is planned for
/// its values on every run (`Query.plannedPerRun`).
///
/// A list is read in one of two ways (`CourseSearchStore` picks): walking the sort's index through at most a
/// fixed number of courses and keeping the matches, which is cheap when matches are dense; or, when that did not
/// fill the page, from the full-text (or trigram) index, sorting the matches, which is cheap when they are few.
/// Both give exactly the same rows. Every query is restricted to `visible`, the predicate of the search indexes.
enum CourseSearchSQL {
    /// The predicate every search index is partial on.
    static let visible = "c.status = 'published' AND c.is_public"

    /// The item columns, decoded by `CourseSearchItem.init(row:)` (order matters); the rating and the publication
    /// time come as the text the response carries.
    static let itemColumns = """
        c.id, c.slug, c.title, c.description, c.level, c.tags, c.language, c.price, c.original_price, c.currency, \
        c.cover_url, c.instructor_id, c.instructor_name, c.category_id, cat.slug, cat.name, c.rating_average::text, \
        c.rating_count, c.enrollment_count, c.lesson_count, c.total_duration_seconds, \
        to_char(c.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        """
    static let itemColumnCount = 22

    /// The columns a page is chosen by: the id and every column a sort key reads. A page is chosen from these
    /// alone, then only its rows are read whole: sorting matches costs the same however wide a course is.
    static let keyColumns = """
        c.id, c.enrollment_count, c.published_at, c.created_at, c.rating_average, c.rating_count, c.price
        """

    /// The columns a walk reads for each course it passes: the keys and every column a match or filter tests.
    static let walkColumns = """
        \(keyColumns), c.search_vector, c.category_id, c.level, c.tags, c.language, c.instructor_id
        """

    /// Which courses a list holds.
    enum Match: Sendable {
        /// Every course (no `q`).
        case everything
        /// Every word of `q` is in the title (the first relevance tier).
        case title
        /// `q` matches, but not all of it in the title (the second relevance tier).
        case beyondTitle
        /// `q` matches anywhere (sorts other than relevance).
        case anywhere
        /// The title is similar to `q` (typo fallback).
        case similar
    }

    /// One list query: which courses, in which order, after which keys, how many.
    struct List: Sendable {
        var match: Match
        var text: SearchText?
        var filters: CourseSearchFilters
        var sort: CourseSearchSort
        /// The sort keys and id of the row to continue after (for relevance by full text, the tier is left out).
        var after: (rank: Double?, values: [Int64], id: UUID)?
        var limit: Int
        /// Popularity bands to read matches among (`popularBands`), for a read through the text index of a list in
        /// enrollment order; nil reads every match.
        var bands: String? = nil

        /// Whether rows carry a similarity rank first (relevance of a typo search).
        var isRanked: Bool { sort == .relevance && match == .similar }
    }

    /// A list, read by walking the sort's index through at most `walking` courses, or (nil) from the text index.
    /// The page is chosen from key columns (`keyColumns`); only its rows are then read whole, joined to their
    /// category and formatted. Titles similar to `q` are read from their bounded sample (`similarTitles`).
    static func list(_ list: List, walking: Int?) -> Query {
        var page: Query = "SELECT \(unescaped: keyColumns)"
        if list.isRanked, let text = list.text { page.append(", \(similarity(text)) AS rank") }
        var conditions: [Query] = []
        if let walking {
            var walk: Query = "SELECT \(unescaped: walkColumns) FROM courses c WHERE \(unescaped: visible)"
            if let after = list.after { walk.append(" AND \(keyset(list, after))") }
            walk.append(" ORDER BY \(unescaped: order(list)) LIMIT \(literal: walking)")
            page.append(" FROM (\(walk)) c")
            if let text = list.text, let condition = match(list.match, text, indexed: false) {
                conditions.append(condition)
            }
            conditions += facetFilters(list.filters) + otherFilters(list.filters)
        } else if list.match == .similar, let text = list.text {
            page.append(" FROM (\(similarTitles(text, list.filters))) c")
            if let after = list.after { conditions.append(keyset(list, after)) }
            conditions += facetFilters(list.filters)
        } else {
            page.append(" FROM courses c")
            conditions.append("\(unescaped: visible)")
            if let after = list.after { conditions.append(keyset(list, after)) }
            if let text = list.text, let condition = match(list.match, text, indexed: true, bands: list.bands) {
                conditions.append(condition)
            }
            conditions += facetFilters(list.filters) + otherFilters(list.filters)
        }
        page.append(whereClause(conditions))
        page.append(" ORDER BY \(unescaped: order(list)) LIMIT \(literal: list.limit)")
        var sql: Query = "SELECT \(unescaped: itemColumns)"
        if list.isRanked { sql.append(", p.rank") }
        for key in sortKeys(list.sort) { sql.append(", \(unescaped: key.cursorValue)") }
        sql.append(" FROM (\(page)) p JOIN courses c ON c.id = p.id LEFT JOIN categories cat ON cat.id = c.category_id")
        sql.append(" ORDER BY \(unescaped: order(list, rank: "p.rank"))")
        let dependsOnValues = list.text == nil && !list.filters.canonical.isEmpty
        return dependsOnValues ? sql.plannedPerRun() : sql
    }

    /// The most titles a typo search considers (`similarTitles`).
    static let similarTitleLimit = 500

    /// The typo fallback's matches: titles similar to `text` that pass every filter but category and level, at
    /// most `similarTitleLimit` of them, as the trigram index yields them. Short or common words are similar to
    /// most titles ("and for" to a third of a catalog), and ranking all of those costs a whole read of the table;
    /// a sample keeps a typo search as cheap as any other. Lists and facets of a typo search read the same sample,
    /// so a facet's count is what choosing it lists, and every page of a list continues the same sample.
    static func similarTitles(_ text: SearchText, _ filters: CourseSearchFilters) -> Query {
        var conditions: [Query] = ["\(unescaped: visible)", "\(text.phrase) <% lower(c.title)"]
        conditions += otherFilters(filters)
        var sql: Query = "SELECT \(unescaped: keyColumns), c.category_id, c.level, c.title FROM courses c"
        sql.append(whereClause(conditions))
        sql.append(" LIMIT \(literal: similarTitleLimit)")
        return sql
    }

    /// Match counts per category and level: every filter applies except category and level, which
    /// `CourseSearchFacets` applies to the other facet only.
    static func facets(match: Match, text: SearchText?, filters: CourseSearchFilters) -> Query {
        var sql: Query = "SELECT f.category_id, cat.slug, cat.name, f.level, f.count FROM ("
        sql.append("SELECT c.category_id, c.level, count(*) AS count FROM ")
        if match == .similar, let text {
            sql.append("(\(similarTitles(text, filters))) c")
        } else {
            var conditions: [Query] = ["\(unescaped: visible)"]
            if let text, let condition = self.match(match, text, indexed: true) { conditions.append(condition) }
            conditions += otherFilters(filters)
            if text == nil {
                sql.append("courses c\(whereClause(conditions))")
            } else {
                sql.append("(SELECT c.category_id, c.level FROM courses c\(whereClause(conditions))")
                sql.append(" LIMIT \(literal: facetMatchLimit)) c")
            }
        }
        sql.append(" GROUP BY c.category_id, c.level) f LEFT JOIN categories cat ON cat.id = f.category_id")
        return text == nil ? sql.plannedPerRun() : sql
    }

    /// The most matches of `q` facets count. Counting costs a visit to every match (its category and level are
    /// in the table, not in the text index): 17 ms for a query that matches 8,000 courses, at any depth of a
    /// long tail of new queries. Facets that reach the limit say so (`complete: false`), and their counts are
    /// then those among the first matches the index yields, lower bounds of the true ones.
    static let facetMatchLimit = 2000

    /// The most matches the facets of `match` count, nil when they count all (browsing without `q`).
    static func facetCap(_ match: Match) -> Int? {
        switch match {
        case .everything: nil
        case .similar: similarTitleLimit
        case .title, .beyondTitle, .anywhere: facetMatchLimit
        }
    }

    /// Planner settings for the rest of the caller's transaction: matches read through the text index (bitmap
    /// scans), never by walking an index or reading the table, which is what the store wants once it knows the
    /// matches are few; the similarity from which a title matches a typo ("postgers" finds PostgreSQL at 0.56,
    /// where pg_trgm's default is 0.6); and the statement's generic plan from its first run. The plan cannot
    /// depend on the values here, but the server would otherwise plan each prepared statement for its values on
    /// its first five runs on every connection, at about 1 ms a plan.
    static let matchesThroughTextIndex: Query = """
        SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), \
        set_config('pg_trgm.word_similarity_threshold', '0.5', true), \
        set_config('plan_cache_mode', 'force_generic_plan', true)
        """

    /// The title's lexemes (the search vector's weight-A ones).
    static let titleLexemes = "ts_filter(c.search_vector, '{a}')"

    /// A course's popularity band as a lexeme (`course_popularity`, sql/catalog/0002): the text indexes hold the
    /// search vector, or the title's lexemes, with it.
    static let popularity = "course_popularity(c.enrollment_count)"

    /// The full-text query: every word but the last whole, the last as a prefix, both stemmed (english). A
    /// sub-select, so it is computed once per statement (an init plan), not once per row a walk reads. With
    /// `bands`, matches must also be in one of them; a query without lexemes (only stop words) stays one that
    /// matches nothing.
    static func tsquery(_ text: SearchText, bands: String? = nil) -> Query {
        guard let bands else { return "(SELECT \(terms(text)))" }
        return "(SELECT q && \(bands)::tsquery FROM (SELECT \(terms(text)) AS q) t WHERE numnode(q) > 0)"
    }

    private static func terms(_ text: SearchText) -> Query {
        "plainto_tsquery('english', \(text.head)) && to_tsquery('english', \(text.last + ":*"))"
    }

    /// The bands from `lowest` up to the highest there can be (85, for 2³¹ enrollments), as a tsquery's text: a
    /// list restricted to them holds every course enrolled at least as much as the least of band `lowest`. Bands
    /// below the next multiple of eight are named one by one, the rest by their groups of eight.
    static func popularBands(from lowest: Int) -> String {
        let lowest = max(0, lowest)
        let firstGroup = (lowest + 7) / 8 * 8
        let bands = (lowest..<firstGroup).reversed().map { "'popularity \($0)'" }
        let groups = stride(from: firstGroup, through: 80, by: 8).reversed().map { "'popularity \($0)+'" }
        return (groups + bands).joined(separator: " | ")
    }

    /// The band of the most enrolled visible course but one in `share` of them, and how many visible courses are
    /// in that band or above: a read of matches among those bands visits about one in `share` of the matches.
    static func popularityBand(topOneIn share: Int) -> Query {
        """
        SELECT b.band, (SELECT count(*) FROM courses c WHERE \(unescaped: visible)
            AND course_popularity_band(c.enrollment_count) >= b.band)
        FROM (SELECT course_popularity_band(c.enrollment_count) AS band FROM courses c WHERE \(unescaped: visible)
            ORDER BY c.enrollment_count DESC, c.id DESC
            OFFSET (SELECT count(*) / \(literal: share) FROM courses c WHERE \(unescaped: visible)) LIMIT 1) b
        """
    }

    static func similarity(_ text: SearchText) -> Query {
        "word_similarity(\(text.phrase), lower(c.title))::float8"
    }

    /// The condition of a match, on the stored search vector. The title's lexemes are the vector's weight-A
    /// ones (`ts_filter`), indexed on their own: the first relevance tier reads only titles with the words, and
    /// checking a row costs no parsing (an index over `to_tsvector(title)` would parse the title again for every
    /// row a prefix query finds). `indexed` writes it as the text indexes have it (with the popularity band, see
    /// `popularity`), for reads through them, restricted to `bands` when given; a walk tests each row plainly.
    static func match(_ match: Match, _ text: SearchText, indexed: Bool, bands: String? = nil) -> Query? {
        let band = indexed ? " || \(popularity)" : ""
        let query = tsquery(text, bands: bands)
        switch match {
        case .everything: return nil
        case .title: return "(\(unescaped: titleLexemes + band)) @@ \(query)"
        case .beyondTitle:
            return
                "(c.search_vector\(unescaped: band)) @@ \(query) AND NOT \(unescaped: titleLexemes) @@ \(tsquery(text))"
        case .anywhere: return "(c.search_vector\(unescaped: band)) @@ \(query)"
        case .similar: return "\(text.phrase) <% lower(c.title)"
        }
    }

    /// The filters facets count by: category and level.
    private static func facetFilters(_ filters: CourseSearchFilters) -> [Query] {
        var conditions: [Query] = []
        switch filters.category {
        case .id(let id): conditions.append("c.category_id = \(id)")
        case .slug(let slug): conditions.append("c.category_id = (SELECT id FROM categories WHERE slug = \(slug))")
        case nil: break
        }
        if let level = filters.level { conditions.append("c.level = \(level)") }
        return conditions
    }

    /// Every other filter: these apply to facet counts too.
    private static func otherFilters(_ filters: CourseSearchFilters) -> [Query] {
        var conditions: [Query] = []
        if let minPrice = filters.minPrice { conditions.append("coalesce(c.price, 0) >= \(minPrice)") }
        if let maxPrice = filters.maxPrice { conditions.append("coalesce(c.price, 0) <= \(maxPrice)") }
        switch filters.isFree {
        case true?: conditions.append("coalesce(c.price, 0) = 0")
        case false?: conditions.append("coalesce(c.price, 0) > 0")
        case nil: break
        }
        if let minRating = filters.minRating { conditions.append("c.rating_average >= \(minRating)::numeric") }
        if let tag = filters.tag { conditions.append("c.tags @> \([tag])") }
        if let language = filters.language { conditions.append("c.language = \(language)") }
        if let instructor = filters.instructor { conditions.append("c.instructor_id = \(instructor)") }
        return conditions
    }

    /// The list's ORDER BY terms; `rank` names the similarity column of a ranked list.
    private static func order(_ list: List, rank: String = "rank") -> String {
        let direction = list.sort.isDescending ? "DESC" : "ASC"
        var terms = sortKeys(list.sort).map { "\($0.order) \(direction)" }
        if list.isRanked { terms.insert("\(rank) DESC", at: 0) }
        return (terms + ["c.id \(direction)"]).joined(separator: ", ")
    }

    /// Rows strictly after `after` in the list's order, as one row comparison (an index condition).
    private static func keyset(_ list: List, _ after: (rank: Double?, values: [Int64], id: UUID)) -> Query {
        var pairs: [(Query, Query)] = []
        if list.isRanked, let text = list.text, let rank = after.rank { pairs.append((similarity(text), "\(rank)")) }
        for (key, value) in zip(sortKeys(list.sort), after.values) {
            pairs.append(("\(unescaped: key.order)", key.bound(value)))
        }
        pairs.append(("c.id", "\(after.id)"))
        let comparison = list.sort.isDescending ? "<" : ">"
        return "(\(commaSeparated(pairs.map(\.0)))) \(unescaped: comparison) (\(commaSeparated(pairs.map(\.1))))"
    }

    /// A sort key: the expression ordered by (as the index has it), the same key as an exact integer for the
    /// cursor, and that integer turned back into the expression's type.
    struct SortKey: Sendable {
        let order: String
        let cursorValue: String
        let bound: @Sendable (Int64) -> Query
    }

    static func sortKeys(_ sort: CourseSearchSort) -> [SortKey] {
        switch sort {
        case .relevance, .popular:
            return [SortKey(order: "c.enrollment_count", cursorValue: "c.enrollment_count::int8") { "\($0)" }]
        case .newest:
            // Microseconds since the epoch: exact, where a JSON date would keep milliseconds only.
            return [
                SortKey(
                    order: "coalesce(c.published_at, c.created_at)",
                    cursorValue: "(extract(epoch FROM coalesce(c.published_at, c.created_at)) * 1000000)::int8"
                ) { "(timestamptz 'epoch' + \($0) * interval '1 microsecond')" }
            ]
        case .rating:
            return [
                SortKey(order: "c.rating_average", cursorValue: "(c.rating_average * 100)::int8") {
                    "(\($0)::numeric / 100)"
                },
                SortKey(order: "c.rating_count", cursorValue: "c.rating_count::int8") { "\($0)" },
            ]
        case .priceAscending, .priceDescending:
            return [SortKey(order: "coalesce(c.price, 0)", cursorValue: "coalesce(c.price, 0)") { "\($0)" }]
        }
    }

    private static func whereClause(_ conditions: [Query]) -> Query {
        var sql: Query = ""
        for (index, condition) in conditions.enumerated() {
            sql.append(index == 0 ? " WHERE \(condition)" : " AND \(condition)")
        }
        return sql
    }

    private static func commaSeparated(_ parts: [Query]) -> Query {
        var sql: Query = ""
        for (index, part) in parts.enumerated() { sql.append(index == 0 ? part : ", \(part)") }
        return sql
    }
}
