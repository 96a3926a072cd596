DROP INDEX courses_search;
DROP INDEX courses_title_lexemes;
CREATE INDEX courses_search ON courses USING gin (search_vector) WHERE status = 'published' AND is_public;
CREATE INDEX courses_title_lexemes ON courses USING gin (ts_filter(search_vector, '{a}'))
    WHERE status = 'published' AND is_public;
DROP FUNCTION course_popularity(integer);
DROP FUNCTION course_popularity_band(integer);
