import Foundation
import Postgres
import ServiceKit

/// Course search, suggestions and the popular list: reads only, all SQL from `CourseSearchSQL` and
/// `CourseSuggestionSQL`.
///
/// Relevance puts courses with every word of `q` in the title first, then the other matches; within each tier
/// the most enrolled first. Each tier, like every other sort, is a keyset order that an index walks, so a page
/// costs at most a walk through `walkLimit` courses plus, when matches are sparser than that, a read of the
/// matches through the text index (for lists in enrollment order, of the most enrolled ones first): never every
/// match of a broad query, and the same on every page.
struct CourseSearchStore: Sendable {
    let pool: PostgresPool
    let facetCache: SearchFacetCache
    /// The most courses a walk of a sort's index reads before the text index is used instead.
    var walkLimit = 1000
    /// Lists a walk recently failed to fill, with how many matches it found.
    var walkMemory = SearchWalkMemory()
    /// The popularity bands a read among the most popular restricts to (`CourseSearchSQL.popularBands`).
    var bandsCache = ExpiringCache<PopularBands>(lifetime: .seconds(300), capacity: 1)
    /// A read among the most popular reads the bands of about one in this many courses; nil never reads so.
    var popularShare: Int? = 20
    /// Records every statement run, for `catalog explain-search`.
    var log: SearchStatementLog? = nil

    /// Titles offered as suggestions, at most.
    static let suggestionLimit = 8

    /// One page of a search, with facets on the first page.
    ///
    /// When the words match nothing, they may hold typos: each is replaced by the most similar word of titles
    /// like the query, and the search runs again with those ("javscript" finds JavaScript courses, relevance and
    /// all); failing that, titles similar to the query are listed, most similar first. The cursor remembers
    /// which, so later pages continue the same way.
    func search(_ request: CourseSearchRequest) async throws -> CourseSearchPage {
        let isFirstPage = request.cursor == nil
        guard request.hasText == (request.text != nil) else {
            // `q` without letters or digits matches nothing.
            return CourseSearchPage(items: [], nextCursor: nil, facets: isFirstPage ? .empty : nil)
        }
        var search = request
        var correction = request.cursor?.correction
        if let correction { search.text = SearchText(correction) }
        var isFuzzy = request.cursor?.isFuzzy ?? false
        var rows = try await page(search, isFuzzy: isFuzzy)
        if rows.isEmpty && isFirstPage, let text = request.text {
            if let corrected = try await corrected(text) {
                var attempt = request
                attempt.text = corrected
                rows = try await page(attempt, isFuzzy: false)
                if !rows.isEmpty {
                    search = attempt
                    correction = corrected.phrase
                }
            }
            if rows.isEmpty {
                isFuzzy = true
                rows = try await page(search, isFuzzy: true)
            }
        }
        var nextCursor: CourseSearchCursor? = nil
        if rows.count > search.limit {
            let last = rows[search.limit - 1]
            nextCursor = CourseSearchCursor(
                sort: search.sort.rawValue, fingerprint: request.fingerprint, values: last.values, rank: last.rank,
                id: last.id, isFuzzy: isFuzzy, correction: correction)
        }
        let facets = isFirstPage ? try await facets(search, isFuzzy: isFuzzy) : nil
        return CourseSearchPage(
            items: rows.prefix(search.limit).map(\.item), nextCursor: nextCursor, facets: facets,
            correctedQuery: correction)
    }

    /// The words of `text` with each typo replaced by the most similar title word; nil when nothing changes.
    func corrected(_ text: SearchText) async throws -> SearchText? {
        let rows = try await throughTextIndex(CourseSearchSQL.corrections(text))
        var words: [String] = []
        for row in rows {
            let typed: String = try row.decode(at: 0)
            let best: String? = try row.decode(at: 1)
            let score = try row.decode(Double?.self, at: 2) ?? 0
            if let best, score >= CourseSearchSQL.correctionThreshold {
                words.append(best)
            } else {
                words.append(typed)
            }
        }
        guard words != text.words, let corrected = SearchText(words.joined(separator: " ")) else { return nil }
        return corrected
    }

    /// A fetched row: the item and its cursor keys.
    struct PageRow: Sendable {
        var item: CourseSearchItem
        var id: UUID
        var rank: Double?
        var values: [Int64]
    }

    /// Up to `limit + 1` rows after the request's cursor.
    func page(_ search: CourseSearchRequest, isFuzzy: Bool) async throws -> [PageRow] {
        let need = search.limit + 1
        let cursor = search.cursor
        let after = cursor.map { (rank: $0.rank, values: $0.values, id: $0.id) }
        guard let text = search.text else {
            let list = list(.everything, search, after: after, limit: need)
            return try decode(try await query(CourseSearchSQL.list(list, walking: nil)), list)
        }
        if isFuzzy {
            let list = list(.similar, search, text: text, after: after, limit: need)
            return try decode(try await throughTextIndex(CourseSearchSQL.list(list, walking: nil)), list)
        }
        guard search.sort == .relevance else {
            return try await read(list(.anywhere, search, text: text, after: after, limit: need))
        }
        var rows: [PageRow] = []
        let firstTier = cursor?.values.first ?? 1
        for tier in stride(from: firstTier, through: 0, by: -1) where rows.count < need {
            let tierAfter: (rank: Double?, values: [Int64], id: UUID)? =
                tier == firstTier ? cursor.map { (rank: nil, values: [$0.values[1]], id: $0.id) } : nil
            // Each tier asks for a whole page, so that a statement's LIMIT is the same on every run.
            let list = list(tier == 1 ? .title : .beyondTitle, search, text: text, after: tierAfter, limit: need)
            rows += try await read(list).prefix(need - rows.count).map { row in
                var row = row
                row.values.insert(tier, at: 0)
                return row
            }
        }
        return rows
    }

    private func list(
        _ match: CourseSearchSQL.Match, _ search: CourseSearchRequest, text: SearchText? = nil,
        after: (rank: Double?, values: [Int64], id: UUID)?, limit: Int
    ) -> CourseSearchSQL.List {
        CourseSearchSQL.List(
            match: match, text: text, filters: search.filters, sort: search.sort, after: after, limit: limit)
    }

    /// Walks the sort's index; when that does not fill the list, reads the matches through the text index: for a
    /// list in enrollment order, first only those among the most enrolled courses (`popularBands`) when the walk
    /// found enough to expect a page there, then all. A walk that recently came short for the same list is not
    /// repeated; what it found still counts.
    private func read(_ list: CourseSearchSQL.List) async throws -> [PageRow] {
        let key = "\(list.match)\n\(list.sort)\n\(list.text?.phrase ?? "")\n\(list.filters.canonical)"
        let need = list.limit
        var found = walkMemory.shortWalk(key)
        if found == nil {
            let walked = try await query(CourseSearchSQL.list(list, walking: walkLimit))
            if walked.count >= need { return try decode(walked, list) }
            found = walked.count
            if list.after == nil { walkMemory.rememberShortWalk(key, found: walked.count) }
        }
        // The walk read the `walkLimit` most enrolled courses (after the cursor) and the bands hold `courses` of
        // them from the top: the matches found, scaled, estimate what a read of the bands finds.
        if let found, found > 0, list.sort == .relevance || list.sort == .popular,
            let popular = try await popularBands(),
            found * popular.courses >= need * walkLimit
        {
            var banded = list
            banded.bands = popular.bands
            let rows = try await throughTextIndex(CourseSearchSQL.list(banded, walking: nil))
            if rows.count >= need { return try decode(rows, list) }
        }
        return try decode(try await throughTextIndex(CourseSearchSQL.list(list, walking: nil)), list)
    }

    /// The popularity bands a read among the most popular restricts to: the tsquery text of the bands of the
    /// one in `popularShare` most enrolled courses and up, and how many visible courses they hold.
    struct PopularBands: Sendable {
        var bands: String
        var courses: Int
    }

    /// The bands, nil when they would not narrow anything (every course has no enrollments yet). Kept five
    /// minutes: stale ones only read more or fewer matches, never other ones.
    private func popularBands() async throws -> PopularBands? {
        guard let popularShare else { return nil }
        if let popular = bandsCache.value(for: "") { return popular.courses > 0 ? popular : nil }
        var popular = PopularBands(bands: "", courses: 0)
        if let row = try await query(CourseSearchSQL.popularityBand(topOneIn: popularShare)).first {
            let band: Int = try row.decode(at: 0)
            if band > 0 {
                popular = PopularBands(bands: CourseSearchSQL.popularBands(from: band), courses: try row.decode(at: 1))
            }
        }
        bandsCache.store(popular, for: "")
        return popular.courses > 0 ? popular : nil
    }

    private func decode(_ rows: Rows, _ list: CourseSearchSQL.List) throws -> [PageRow] {
        try rows.map { row in
            var column = CourseSearchSQL.itemColumnCount
            let rank: Double? = list.isRanked ? try row.decode(Double.self, at: column) : nil
            if list.isRanked { column += 1 }
            let values = try (column..<row.columnCount).map { try row.decode(Int64.self, at: $0) }
            return PageRow(item: try CourseSearchItem(row: row), id: try row.decode(at: 0), rank: rank, values: values)
        }
    }

    private func facets(_ search: CourseSearchRequest, isFuzzy: Bool) async throws -> CourseSearchFacets {
        let match: CourseSearchSQL.Match = search.text == nil ? .everything : isFuzzy ? .similar : .anywhere
        let key = "\(match)\n" + (search.text?.phrase ?? "") + "\n" + search.filters.facetCanonical
        let cap = CourseSearchSQL.facetCap(match)
        if let cells = facetCache.value(for: key) {
            return CourseSearchFacets(cells: cells, filters: search.filters, cap: cap)
        }
        let statement = CourseSearchSQL.facets(match: match, text: search.text, filters: search.filters)
        let rows = search.text == nil ? try await query(statement) : try await throughTextIndex(statement)
        let cells = try rows.map(CourseSearchFacets.Cell.init)
        facetCache.store(cells, for: key)
        return CourseSearchFacets(cells: cells, filters: search.filters, cap: cap)
    }

    private func query(_ query: Query) async throws -> Rows {
        log?.record(query, throughTextIndex: false)
        return try await pool.query(query)
    }

    /// Runs a query that must read its matches through the text index (the store knows they are few, or they
    /// are similarity matches), with `CourseSearchSQL.matchesThroughTextIndex` set for its transaction only.
    func throughTextIndex(_ query: Query) async throws -> Rows {
        log?.record(query, throughTextIndex: true)
        return try await pool.withTransaction(readOnly: true) { connection in
            try await connection.execute(CourseSearchSQL.matchesThroughTextIndex)
            return try await connection.query(query)
        }
    }

    /// Up to eight titles for what the user is typing: titles that start with it, then titles with a word that
    /// starts with it, then titles that contain it, each most enrolled first (among the 24 most enrolled titles
    /// containing it). When no title contains it, its typos are corrected as search corrects them. Text shorter
    /// than three characters only looks among the most enrolled courses (the trigram index cannot serve it).
    func suggest(_ text: String) async throws -> [CourseSuggestion] {
        var typed = text
        var rows = try await titles(containing: typed)
        if rows.isEmpty && text.count >= 3, let words = SearchText(text), let corrected = try await corrected(words) {
            typed = corrected.phrase
            rows = try await titles(containing: typed)
        }
        func place(_ suggestion: CourseSuggestion) -> Int {
            let title = suggestion.title.lowercased()
            if title.hasPrefix(typed) { return 0 }
            return title.contains(" " + typed) ? 1 : 2
        }
        let ranked = rows.enumerated().sorted { (place($0.element), $0.offset) < (place($1.element), $1.offset) }
        return ranked.prefix(Self.suggestionLimit).map(\.element)
    }

    private func titles(containing text: String) async throws -> [CourseSuggestion] {
        let need = 24
        let walk = CourseSuggestionSQL.containing(text, limit: need, walking: walkLimit)
        guard text.count >= 3 else { return try await query(walk).map(CourseSuggestion.init) }
        let key = "suggest\n" + text
        if walkMemory.shortWalk(key) == nil {
            let walked = try await query(walk)
            if walked.count >= need { return try walked.map(CourseSuggestion.init) }
            walkMemory.rememberShortWalk(key, found: walked.count)
        }
        let rows = try await throughTextIndex(CourseSuggestionSQL.containing(text, limit: need, walking: nil))
        return try rows.map(CourseSuggestion.init)
    }

    /// The most enrolled courses, optionally of one category.
    func popular(category: CourseSearchFilters.CategoryReference?, limit: Int) async throws -> [CourseSearchItem] {
        try await query(CourseSuggestionSQL.popular(category: category, limit: limit)).map(CourseSearchItem.init)
    }
}
