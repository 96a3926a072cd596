-- Private notes of a student on the lessons of a course, each at a point of the lesson's video.
CREATE TABLE notes (
    id uuid PRIMARY KEY,
    enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    course_id uuid NOT NULL,
    lesson_id uuid NOT NULL,
    seconds integer NOT NULL CHECK (seconds BETWEEN 0 AND 86400),
    body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_by_author ON notes (user_id, course_id);
