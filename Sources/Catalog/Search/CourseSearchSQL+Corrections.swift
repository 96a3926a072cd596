import Postgres

extension CourseSearchSQL {
    /// For each word of `text`, the most similar word (pg_trgm `similarity`) among the titles similar to the
    /// whole text, with its similarity: `word, best word or NULL, similarity or NULL`, in order. Only a sample
    /// of such titles is read (they are usually many and alike, e.g. every JavaScript title for "javscript"),
    /// so this costs about the same for any text. Run with `matchesThroughTextIndex` set.
    static func corrections(_ text: SearchText, titles: Int = 50) -> Query {
        """
        WITH candidates AS MATERIALIZED (
            SELECT lower(c.title) AS title FROM courses c
            WHERE \(unescaped: visible) AND \(text.phrase) <% lower(c.title) LIMIT \(literal: titles)
        ), words AS (
            SELECT DISTINCT word FROM candidates, regexp_split_to_table(candidates.title, '[^[:alnum:]]+') AS word
            WHERE word <> ''
        )
        SELECT typed.word, best.word, best.score
        FROM unnest(\(text.words)::text[]) WITH ORDINALITY AS typed (word, position)
        LEFT JOIN LATERAL (
            SELECT words.word, similarity(words.word, typed.word) AS score FROM words
            ORDER BY score DESC, words.word LIMIT 1
        ) best ON true
        ORDER BY typed.position
        """
    }

    /// The similarity from which a title word replaces a typed one ("postgers" → "postgresql" is 0.33).
    static let correctionThreshold = 0.3
}
