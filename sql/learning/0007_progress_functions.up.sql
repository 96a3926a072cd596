-- Progress in the database, so a lesson completion is one round trip and one rule.

-- Recounts the progress of one enrollment (p_enrollment), or of every enrollment of a course (p_course): completed
-- lessons still in the course ÷ the course's lessons, and the final score (the points of the best graded attempt
-- at each assessment of the course ÷ their maximum). Reaching 100% with every required assessment passed
-- (assessment_rules.is_required, true by default) completes an enrollment that gives access and requests its
-- certificate; a completed one stays completed if lessons are added later. Returns the enrollments recounted, each
-- with whether this completed it.
CREATE FUNCTION recount_progress(p_enrollment uuid, p_course uuid)
RETURNS TABLE (
    id uuid, user_id uuid, course_id uuid, status text, source text, payment_id uuid, enrolled_at timestamptz,
    started_at timestamptz, completed_at timestamptz, expires_at timestamptz, last_accessed_at timestamptz,
    progress_percent integer, time_spent_seconds bigint, current_lesson_id uuid, position_seconds integer,
    updated_at timestamptz, final_score integer, completes boolean
)
LANGUAGE sql VOLATILE AS $$
    WITH counted AS (
        SELECT e.id, CASE WHEN cardinality(s.lesson_ids) = 0 THEN 0
            ELSE (count(c.lesson_id) * 100 / cardinality(s.lesson_ids))::int END AS percent,
            NOT EXISTS (
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
                    ORDER BY x.lesson_id, x.score::numeric / x.max_score DESC) AS best) END AS final_score,
            e.status = 'active' AS was_active
        FROM enrollments e
        JOIN course_snapshots s ON s.course_id = e.course_id
        LEFT JOIN lesson_completions c ON c.enrollment_id = e.id AND c.lesson_id = ANY (s.lesson_ids)
        WHERE (p_enrollment IS NULL OR e.id = p_enrollment) AND (p_course IS NULL OR e.course_id = p_course)
        GROUP BY e.id, s.lesson_ids, s.assessment_ids
    ), changed AS (
        SELECT counted.*, counted.percent = 100 AND counted.assessed AND counted.was_active AS completes
        FROM counted
    ), updated AS (
        UPDATE enrollments e SET progress_percent = changed.percent, final_score = changed.final_score,
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
    SELECT * FROM updated
$$;

-- Marks lesson p_lesson of p_user's enrollment in p_course done (p_done) or not, and recounts the enrollment, in
-- one call: the enrollment's row is locked first, so concurrent marks of one enrollment are counted one after
-- the other. `outcome` is `ok` (the recounted enrollment follows), `noCourse` (learning has no copy of the
-- course), `noAccess` (no enrollment giving access now: active or completed, before its end) or `noLesson`
-- (not a lesson of the course).
CREATE FUNCTION mark_lesson(p_user uuid, p_course uuid, p_lesson uuid, p_done boolean)
RETURNS TABLE (
    outcome text, id uuid, user_id uuid, course_id uuid, status text, source text, payment_id uuid,
    enrolled_at timestamptz, started_at timestamptz, completed_at timestamptz, expires_at timestamptz,
    last_accessed_at timestamptz, progress_percent integer, time_spent_seconds bigint, current_lesson_id uuid,
    position_seconds integer, updated_at timestamptz, final_score integer, completes boolean
)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    v_enrollment uuid;
BEGIN
    SELECT e.id INTO v_enrollment FROM enrollments e
    WHERE e.user_id = p_user AND e.course_id = p_course AND e.status IN ('active', 'completed')
      AND (e.expires_at IS NULL OR e.expires_at > now())
    FOR UPDATE;
    IF NOT EXISTS (SELECT 1 FROM course_snapshots s WHERE s.course_id = p_course) THEN
        RETURN QUERY SELECT 'noCourse', NULL::uuid, NULL::uuid, NULL::uuid, NULL::text, NULL::text, NULL::uuid,
            NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz,
            NULL::integer, NULL::bigint, NULL::uuid, NULL::integer, NULL::timestamptz, NULL::integer, NULL::boolean;
        RETURN;
    END IF;
    IF v_enrollment IS NULL OR NOT EXISTS (
        SELECT 1 FROM course_snapshots s WHERE s.course_id = p_course AND p_lesson = ANY (s.lesson_ids))
    THEN
        RETURN QUERY SELECT CASE WHEN v_enrollment IS NULL THEN 'noAccess' ELSE 'noLesson' END, NULL::uuid,
            NULL::uuid, NULL::uuid, NULL::text, NULL::text, NULL::uuid, NULL::timestamptz, NULL::timestamptz,
            NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::integer, NULL::bigint, NULL::uuid,
            NULL::integer, NULL::timestamptz, NULL::integer, NULL::boolean;
        RETURN;
    END IF;
    IF p_done THEN
        INSERT INTO lesson_completions (enrollment_id, lesson_id) VALUES (v_enrollment, p_lesson)
        ON CONFLICT DO NOTHING;
    ELSE
        DELETE FROM lesson_completions WHERE enrollment_id = v_enrollment AND lesson_id = p_lesson;
    END IF;
    UPDATE enrollments SET current_lesson_id = p_lesson, last_accessed_at = now(),
        started_at = coalesce(started_at, now())
    WHERE id = v_enrollment;
    RETURN QUERY SELECT 'ok', r.* FROM recount_progress(v_enrollment, NULL) AS r;
END
$$;
