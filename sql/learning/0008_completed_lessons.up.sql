-- The lessons an enrollment completed, kept on its row by every recount (each change of lesson_completions is
-- recounted in its transaction, for the progress percent), so the player reads one row instead of an index scan of
-- the completions and a heap fetch for each.
ALTER TABLE enrollments ADD COLUMN completed_lesson_ids uuid[] NOT NULL DEFAULT '{}';

UPDATE enrollments e SET completed_lesson_ids = ARRAY(
    SELECT c.lesson_id FROM lesson_completions c WHERE c.enrollment_id = e.id)
WHERE EXISTS (SELECT 1 FROM lesson_completions c WHERE c.enrollment_id = e.id);

CREATE OR REPLACE FUNCTION recount_progress(p_enrollments uuid[], p_opened uuid DEFAULT NULL)
RETURNS TABLE (
    id uuid, user_id uuid, course_id uuid, status text, source text, payment_id uuid, enrolled_at timestamptz,
    started_at timestamptz, completed_at timestamptz, expires_at timestamptz, last_accessed_at timestamptz,
    progress_percent integer, time_spent_seconds bigint, current_lesson_id uuid, position_seconds integer,
    updated_at timestamptz, final_score integer, completes boolean
)
-- PL/pgSQL, not SQL, so its statement's plan is kept for the session (an SQL function called from another function
-- is planned again on every call), and the generic plan always: planning this statement for each call's values
-- costs ten times running it, and the plan (index lookups by enrollment id) does not depend on them.
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH counted AS MATERIALIZED (
        SELECT e.id, e.status = 'active' AS was_active,
            ARRAY(SELECT c.lesson_id FROM lesson_completions c WHERE c.enrollment_id = e.id) AS completed,
            CASE WHEN cardinality(s.lesson_ids) = 0 THEN 0 ELSE ((
                SELECT count(*) FROM lesson_completions c
                WHERE c.enrollment_id = e.id AND c.lesson_id = ANY (s.lesson_ids)
            ) * 100 / cardinality(s.lesson_ids))::int END AS percent,
            cardinality(s.assessment_ids) = 0 OR NOT EXISTS (
                SELECT 1 FROM unnest(s.assessment_ids) AS a (lesson_id)
                LEFT JOIN assessment_rules r ON r.course_id = e.course_id AND r.lesson_id = a.lesson_id
                WHERE coalesce(r.is_required, true) AND NOT EXISTS (
                    SELECT 1 FROM submissions x
                    WHERE x.enrollment_id = e.id AND x.lesson_id = a.lesson_id AND x.passed)
            ) AS assessed,
            CASE WHEN cardinality(s.assessment_ids) = 0 THEN NULL ELSE (
                SELECT round(100.0 * sum(best.score) / sum(best.max_score))::int FROM (
                    SELECT DISTINCT ON (x.lesson_id) x.score, x.max_score FROM submissions x
                    WHERE x.enrollment_id = e.id AND x.graded_at IS NOT NULL AND x.lesson_id = ANY (s.assessment_ids)
                    ORDER BY x.lesson_id, x.score::numeric / x.max_score DESC) AS best) END AS final_score
        FROM enrollments e
        JOIN course_snapshots s ON s.course_id = e.course_id
        WHERE e.id = ANY (p_enrollments)
    ), changed AS MATERIALIZED (
        SELECT counted.*, counted.percent = 100 AND counted.assessed AND counted.was_active AS completes
        FROM counted
    ), updated AS (
        UPDATE enrollments e SET progress_percent = changed.percent, final_score = changed.final_score,
            completed_lesson_ids = changed.completed,
            current_lesson_id = coalesce(p_opened, e.current_lesson_id),
            last_accessed_at = CASE WHEN p_opened IS NULL THEN e.last_accessed_at ELSE now() END,
            started_at = CASE WHEN p_opened IS NULL THEN e.started_at ELSE coalesce(e.started_at, now()) END,
            completed_at = CASE WHEN changed.completes AND e.completed_at IS NULL THEN now() ELSE e.completed_at END,
            status = CASE WHEN changed.completes THEN 'completed' ELSE e.status END,
            updated_at = now()
        FROM changed WHERE e.id = changed.id
        RETURNING e.id, e.user_id, e.course_id, e.status, e.source, e.payment_id, e.enrolled_at, e.started_at,
            e.completed_at, e.expires_at, e.last_accessed_at, e.progress_percent, e.time_spent_seconds,
            e.current_lesson_id, e.position_seconds, e.updated_at, e.final_score, changed.completes
    ), requested AS (
        INSERT INTO certificate_requests (enrollment_id) SELECT updated.id FROM updated WHERE updated.completes
        ON CONFLICT DO NOTHING
    )
    SELECT * FROM updated;
END
$$;
