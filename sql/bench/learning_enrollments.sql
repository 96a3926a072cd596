-- Learning bench data: learning's copy of 100 published courses (3 to 5 sections, 30 to 50 lessons each, in the
-- outline shape the player decodes), 10,000 students each enrolled in one of them (active, with the grant that
-- gives the access: free or a purchase), the first lessons of each already done, and the courses' counts.
-- Deterministic (setseed). Run as a superuser against a migrated `learning` schema; it replaces what is there:
--   psql "$SUPERUSER_URL/campus" -v ON_ERROR_STOP=1 -f sql/bench/learning_enrollments.sql
--
-- Ids are md5 of a name and a number, so a pgbench script can name a row without reading it first
-- (sql/bench/learning_complete.pgbench keeps these formulas):
--   course c in 1..100          md5('bench-course-' || c)::uuid
--   lessons of course c         30 + (c * 11) % 21 of them; lesson k: md5('bench-lesson-' || c || '-' || k)::uuid
--   enrollment n in 1..10000    md5('bench-enrollment-' || n)::uuid, of user md5('bench-user-' || n)::uuid,
--                               in course 1 + (n * 37) % 100 (every course gets 100 students)
SET client_min_messages = warning;
SET search_path = learning;
SELECT setseed(0.2025);

TRUNCATE course_snapshots, course_stats, enrollments CASCADE;

CREATE TEMP TABLE bench_lessons AS
SELECT c, k, lessons, sections,
    1 + (k - 1) * sections / lessons AS section,
    md5('bench-lesson-' || c || '-' || k)::uuid AS id,
    CASE WHEN k % 9 = 0 THEN 'quiz' WHEN k % 7 = 0 THEN 'text' ELSE 'video' END AS type,
    (ARRAY['Welcome and what you will build', 'Setting up your environment', 'The core idea, step by step',
        'A first working example', 'Reading the documentation well', 'Common mistakes and how to spot them',
        'Refactoring what we have', 'Testing it properly', 'Handling errors', 'Performance in practice',
        'A real-world case study', 'Putting it together', 'Going to production', 'Recap and next steps'])[
        1 + (c * 13 + k * 5) % 14] AS topic
FROM (SELECT c, 30 + (c * 11) % 21 AS lessons, 3 + c % 3 AS sections FROM generate_series(1, 100) AS c) AS courses,
    generate_series(1, lessons) AS k;
ALTER TABLE bench_lessons ADD COLUMN duration integer;
UPDATE bench_lessons SET duration = CASE type WHEN 'video' THEN 120 + (random() * 1080)::int
    WHEN 'text' THEN 300 ELSE 600 END;

INSERT INTO course_snapshots (course_id, slug, title, status, is_public, instructor_id, instructor_name, price,
    currency, lesson_ids, total_duration_seconds, outline, version, updated_at)
SELECT md5('bench-course-' || c)::uuid, 'bench-course-' || c,
    (ARRAY['PostgreSQL', 'Swift on the Server', 'Kubernetes', 'TypeScript', 'Machine Learning', 'Rust',
        'System Design', 'React', 'Data Engineering', 'Go', 'Cloud Security', 'Linux'])[1 + c % 12]
        || (ARRAY[' from Scratch', ' in Practice', ' for Working Engineers', ' Masterclass', ': the Complete Guide'])[
            1 + c % 5] || ' (' || c || ')',
    'published', true, md5('bench-instructor-' || c % 20)::uuid,
    (ARRAY['Ada Byron', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth',
        'Frances Allen', 'Ken Thompson', 'Margaret Hamilton', 'John Backus'])[1 + c % 10],
    CASE WHEN c % 4 = 0 THEN 0 ELSE 1999 + (c * 1000) % 8000 END, 'USD',
    lesson_ids, total, outline, 1, now() - interval '30 days'
FROM (
    SELECT c, array_agg(id ORDER BY k) AS lesson_ids, sum(duration)::int AS total
    FROM bench_lessons GROUP BY c
) AS courses
JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object('id', md5('bench-section-' || c || '-' || section)::uuid::text,
        'title', 'Section ' || section || ': ' || (ARRAY['Foundations', 'Building blocks', 'In practice',
            'Going further', 'Production'])[section],
        'lessons', lessons) ORDER BY section) AS outline
    FROM (
        SELECT section, jsonb_agg(jsonb_build_object('id', id::text, 'title', topic, 'type', type,
            'durationSeconds', duration,
            'videoUrl', CASE WHEN type = 'video' THEN 'https://videos.campus.example/' || c || '/' || k || '.m3u8' END,
            'isFreePreview', k <= 2) ORDER BY k) AS lessons
        FROM bench_lessons l WHERE l.c = courses.c GROUP BY section
    ) AS sections
) AS outline ON true;

CREATE TEMP TABLE bench_enrollments AS
SELECT n, md5('bench-enrollment-' || n)::uuid AS id, md5('bench-user-' || n)::uuid AS user_id,
    1 + (n * 37) % 100 AS c, now() - (random() * interval '180 days') AS enrolled_at
FROM generate_series(1, 10000) AS n;
-- Each student has done the first `done` lessons (none to half of the course).
ALTER TABLE bench_enrollments ADD COLUMN done integer;
UPDATE bench_enrollments e SET done = floor(random() * (30 + (c * 11) % 21) / 2)::int;

INSERT INTO enrollments (id, user_id, course_id, status, source, payment_id, enrolled_at, started_at,
    last_accessed_at, progress_percent, time_spent_seconds, current_lesson_id, updated_at)
SELECT e.id, e.user_id, md5('bench-course-' || e.c)::uuid, 'active',
    CASE WHEN s.price = 0 THEN 'free' ELSE 'purchase' END,
    CASE WHEN s.price = 0 THEN NULL ELSE md5('bench-payment-' || e.n)::uuid END,
    e.enrolled_at, CASE WHEN e.done > 0 THEN e.enrolled_at + interval '1 hour' END,
    CASE WHEN e.done > 0 THEN e.enrolled_at + e.done * interval '1 day' END,
    e.done * 100 / cardinality(s.lesson_ids),
    coalesce((SELECT sum(l.duration) FROM bench_lessons l WHERE l.c = e.c AND l.k <= e.done), 0),
    CASE WHEN e.done > 0 THEN md5('bench-lesson-' || e.c || '-' || e.done)::uuid END,
    e.enrolled_at
FROM bench_enrollments e JOIN course_snapshots s ON s.course_id = md5('bench-course-' || e.c)::uuid;

INSERT INTO enrollment_grants (enrollment_id, source, reference, status, version, updated_at)
SELECT e.id, e.source, coalesce(e.payment_id, '00000000-0000-0000-0000-000000000000'), 'active', 1, e.enrolled_at
FROM enrollments e;

INSERT INTO lesson_completions (enrollment_id, lesson_id, completed_at)
SELECT e.id, l.id, e.enrolled_at + l.k * interval '1 day'
FROM bench_enrollments e JOIN bench_lessons l ON l.c = e.c AND l.k <= e.done;
UPDATE enrollments e SET completed_lesson_ids = ARRAY(
    SELECT c.lesson_id FROM lesson_completions c WHERE c.enrollment_id = e.id);

INSERT INTO course_stats (course_id, enrollment_count, version)
SELECT course_id, count(*), 1 FROM enrollments GROUP BY course_id;

VACUUM ANALYZE course_snapshots;
VACUUM ANALYZE enrollments;
VACUUM ANALYZE enrollment_grants;
VACUUM ANALYZE lesson_completions;
VACUUM ANALYZE course_stats;
