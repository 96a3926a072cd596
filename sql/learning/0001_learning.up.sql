-- Learning: what happens after a student gets a course. The kit's tables (outbox, inbox, idempotency keys,
-- rate limits) come from the kit's own migrations.

-- The local read model of catalog's courses, from `course.changed` (filled from catalog's internal lookup on
-- a miss), so the player never calls catalog on its hot path. `outline` is the curriculum: sections in order,
-- each with its lessons (id, title, type, duration, video URL, free preview).
CREATE TABLE course_snapshots (
    course_id uuid PRIMARY KEY,
    slug text NOT NULL,
    title text NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'under-review', 'published', 'archived', 'deleted')),
    is_public boolean NOT NULL,
    instructor_id uuid NOT NULL,
    instructor_name text NOT NULL,
    price bigint CHECK (price >= 0),
    currency text NOT NULL,
    lesson_ids uuid[] NOT NULL,
    total_duration_seconds integer NOT NULL CHECK (total_duration_seconds >= 0),
    outline jsonb NOT NULL,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX course_snapshots_instructor ON course_snapshots (instructor_id);

-- One enrollment per user and course. `status` is derived from the grants below (see Store/EnrollmentState),
-- never set directly: access is what the grants give.
CREATE TABLE enrollments (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    course_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'active', 'completed', 'cancelled', 'refunded')),
    source text NOT NULL CHECK (source IN ('free', 'purchase', 'admin')),
    payment_id uuid,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    completed_at timestamptz,
    expires_at timestamptz,
    last_accessed_at timestamptz,
    progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    time_spent_seconds bigint NOT NULL DEFAULT 0 CHECK (time_spent_seconds >= 0),
    current_lesson_id uuid,
    position_seconds integer CHECK (position_seconds >= 0),
    last_heartbeat_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, course_id)
);
CREATE INDEX enrollments_by_user ON enrollments (user_id, id DESC);
CREATE INDEX enrollments_by_course ON enrollments (course_id, status);

-- What gives (or once gave) access to a course: a free enrollment, an admin's, or each payment naming the
-- course. Payment events carry absolute state and a version; a grant only moves to a higher version, so
-- events in any order and any number of times end in the same state.
CREATE TABLE enrollment_grants (
    enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    source text NOT NULL CHECK (source IN ('free', 'purchase', 'admin')),
    -- The payment's id for a purchase; the nil UUID for free and admin grants.
    reference uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'active', 'cancelled', 'refunded')),
    version bigint NOT NULL,
    expires_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enrollment_id, source, reference)
);

CREATE TABLE lesson_completions (
    enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    lesson_id uuid NOT NULL,
    completed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enrollment_id, lesson_id)
);

-- The counts learning announces to catalog in `course.stats`: kept by deltas under the row's lock, so
-- concurrent changes neither lose a count nor announce them out of order (`version` grows by one each time).
CREATE TABLE course_stats (
    course_id uuid PRIMARY KEY,
    enrollment_count integer NOT NULL DEFAULT 0 CHECK (enrollment_count >= 0),
    rating_sum integer NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
    rating_count integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    version bigint NOT NULL DEFAULT 0
);
