-- Assessments: every quiz or assignment lesson of a course takes submissions, which its instructor grades.

-- The assessment lessons of each course copy, kept with the outline (`CourseSnapshot.assessmentIds`).
ALTER TABLE course_snapshots ADD COLUMN assessment_ids uuid[] NOT NULL DEFAULT '{}';
UPDATE course_snapshots s SET assessment_ids = ARRAY(
    SELECT (lesson ->> 'id')::uuid
    FROM jsonb_array_elements(s.outline) AS section, jsonb_array_elements(section -> 'lessons') AS lesson
    WHERE lesson ->> 'type' IN ('quiz', 'assignment'));

-- An assessment's rules as its instructor set them; one without a row has the service's defaults
-- (LEARNING_ASSESSMENT_*). A required assessment must be passed for the enrollment to complete.
CREATE TABLE assessment_rules (
    course_id uuid NOT NULL,
    lesson_id uuid NOT NULL,
    max_score integer NOT NULL CHECK (max_score BETWEEN 1 AND 1000),
    pass_score integer NOT NULL CHECK (pass_score BETWEEN 0 AND max_score),
    attempt_limit integer NOT NULL CHECK (attempt_limit BETWEEN 1 AND 100),
    is_required boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (course_id, lesson_id)
);

-- A student's answer to an assessment (a text or a URL), numbered per enrollment and lesson, then its grade:
-- the score out of the maximum in force when graded, passed by the pass mark then, and the grader's feedback.
CREATE TABLE submissions (
    id uuid PRIMARY KEY,
    enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    course_id uuid NOT NULL,
    lesson_id uuid NOT NULL,
    user_id uuid NOT NULL,
    attempt integer NOT NULL CHECK (attempt >= 1),
    answer_text text,
    answer_url text,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    score integer,
    max_score integer,
    passed boolean,
    feedback text,
    graded_by uuid,
    graded_at timestamptz,
    CHECK ((answer_text IS NULL) <> (answer_url IS NULL)),
    CHECK ((graded_at IS NULL) = (score IS NULL) AND (score IS NULL) = (max_score IS NULL)
        AND (score IS NULL) = (passed IS NULL)),
    CHECK (score BETWEEN 0 AND max_score),
    UNIQUE (enrollment_id, lesson_id, attempt)
);
CREATE INDEX submissions_by_course ON submissions (course_id, id DESC);
CREATE INDEX submissions_to_grade ON submissions (course_id, id) WHERE graded_at IS NULL;

-- The enrollment's score over its graded assessments, percent (null until one is graded).
ALTER TABLE enrollments ADD COLUMN final_score integer CHECK (final_score BETWEEN 0 AND 100);
