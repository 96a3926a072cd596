-- Search reads the most popular matches first.
--
-- Relevance and the popular sort list matches most enrolled first. A query read through the text index visits
-- the table once per match to learn its enrollments, so a word in 1,000 titles costs 1,000 visits for a page of
-- 20. The text indexes therefore also hold each course's popularity band, a token no text can produce (it has a
-- space in it); a search first asks for its matches among the bands of the most enrolled courses only, and
-- when those fill the page they are exactly the page: every course of a band outranks every course below it.
--
-- A band is a quarter of a natural-log step of enrollments (a factor of 1.28): 0 for none, 85 at most.
CREATE FUNCTION course_popularity_band(enrollments integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN floor(4 * ln(greatest(enrollments, 0) + 1.0::float8))::integer;

-- The band as lexemes, for the text indexes: the band itself ('popularity 47') and its group of eight
-- ('popularity 40+', bands 40 to 47), so that "band 47 or more" is 'popularity 47' | 'popularity 48+' | … |
-- 'popularity 80+': a handful of index keys, not one per band.
CREATE FUNCTION course_popularity(enrollments integer) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN array_to_tsvector(ARRAY[
        'popularity ' || course_popularity_band(enrollments),
        'popularity ' || course_popularity_band(enrollments) / 8 * 8 || '+'
    ]);

DROP INDEX courses_search;
DROP INDEX courses_title_lexemes;
CREATE INDEX courses_search ON courses USING gin ((search_vector || course_popularity(enrollment_count)))
    WHERE status = 'published' AND is_public;
CREATE INDEX courses_title_lexemes ON courses
    USING gin ((ts_filter(search_vector, '{a}') || course_popularity(enrollment_count)))
    WHERE status = 'published' AND is_public;
