-- Certificates: issued once per enrollment when it completes. What they say is fixed at issue (and signed in
-- `token`, a compact JWS verifiable against GET /v1/certificates/jwks.json); only revocation changes later.
CREATE TABLE certificates (
    id uuid PRIMARY KEY,
    -- The public verification code: 120 random bits, base32 in groups of four.
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$'),
    enrollment_id uuid NOT NULL UNIQUE REFERENCES enrollments (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    course_id uuid NOT NULL,
    holder_name text NOT NULL,
    course_title text NOT NULL,
    instructor_name text NOT NULL,
    completed_at timestamptz NOT NULL,
    final_score integer CHECK (final_score BETWEEN 0 AND 100),
    issued_at timestamptz NOT NULL DEFAULT now(),
    token text NOT NULL,
    revoked_at timestamptz,
    revoked_reason text,
    CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX certificates_by_user ON certificates (user_id, id DESC);

-- Enrollments that completed and await their certificate: written in the transaction that completes them, so
-- none is forgotten; the issuer removes a row in the transaction that stores its certificate.
CREATE TABLE certificate_requests (
    enrollment_id uuid PRIMARY KEY REFERENCES enrollments (id) ON DELETE CASCADE,
    requested_at timestamptz NOT NULL DEFAULT now()
);
