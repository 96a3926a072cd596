-- Students' reviews of the courses they are enrolled in: one per user and course. Only published ones are
-- listed and counted in `course_stats` (an admin hides one with a reason, or restores it).
CREATE TABLE reviews (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    course_id uuid NOT NULL,
    enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
    helpful_count integer NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
    status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'hidden')),
    hidden_reason text CHECK (char_length(hidden_reason) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, course_id)
);
-- A course's published reviews in each of the list's orders (keyset pages walk these).
CREATE INDEX reviews_newest ON reviews (course_id, created_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX reviews_helpful ON reviews (course_id, helpful_count DESC, created_at DESC, id DESC)
    WHERE status = 'published';
CREATE INDEX reviews_rating ON reviews (course_id, rating DESC, created_at DESC, id DESC)
    WHERE status = 'published';
CREATE INDEX reviews_by_enrollment ON reviews (enrollment_id);

-- Who found a review helpful: one vote per user, counted in `reviews.helpful_count`.
CREATE TABLE review_votes (
    review_id uuid NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (review_id, user_id)
);
