-- What is left of the enrollments of an erased account (`user.deleted`): anonymous counts for the course's
-- statistics. No user, no enrollment id and no exact times (days only, UTC), so a row cannot be joined back to
-- a person through payments, events or logs.
CREATE TABLE erased_enrollments (
    course_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'active', 'completed', 'cancelled', 'refunded')),
    source text NOT NULL CHECK (source IN ('free', 'purchase', 'admin')),
    enrolled_on date NOT NULL,
    completed_on date,
    progress_percent integer NOT NULL CHECK (progress_percent BETWEEN 0 AND 100),
    erased_on date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date
);
CREATE INDEX erased_enrollments_by_course ON erased_enrollments (course_id, enrolled_on);

-- The instructor's list of a course's students, newest first, and its statistics by day.
CREATE INDEX enrollments_by_course_newest ON enrollments (course_id, id DESC);
-- Erasing a user's helpful votes.
CREATE INDEX review_votes_by_user ON review_votes (user_id);
