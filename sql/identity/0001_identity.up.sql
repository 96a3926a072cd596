-- Identity: accounts, profiles, one-time codes, tokens, instructor applications, audit, outboxes.
-- Every id is a UUIDv7 made by the service. Secrets (codes, tokens) are stored as HMAC-SHA256 digests only;
-- passwords as scrypt hashes.

CREATE TABLE users (
    id                     uuid PRIMARY KEY,
    email                  text NOT NULL CHECK (char_length(email) <= 254),
    password_hash          text NOT NULL,
    first_name             text NOT NULL CHECK (char_length(first_name) <= 100),
    last_name              text NOT NULL CHECK (char_length(last_name) <= 100),
    role                   text NOT NULL CHECK (role IN ('admin', 'instructor', 'student')),
    status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
    is_instructor_approved boolean NOT NULL DEFAULT false,
    email_verified_at      timestamptz,
    image_url              text CHECK (char_length(image_url) <= 2048),
    failed_logins          integer NOT NULL DEFAULT 0,
    locked_until           timestamptz,
    last_login_at          timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    deleted_at             timestamptz,
    erased_at              timestamptz
);
-- E-mail is unique whatever its case (citext would need an extension per database, not per schema).
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_role_status ON users (role, status, id);
CREATE INDEX users_deleted_at ON users (deleted_at) WHERE deleted_at IS NOT NULL AND erased_at IS NULL;

CREATE TABLE profiles (
    user_id                uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    gender                 text CHECK (char_length(gender) <= 32),
    date_of_birth          date,
    about                  text CHECK (char_length(about) <= 500),
    phone                  text CHECK (char_length(phone) <= 32),
    address                text CHECK (char_length(address) <= 300),
    website                text CHECK (char_length(website) <= 2048),
    social_links           jsonb NOT NULL DEFAULT '{}',
    notify_email           boolean NOT NULL DEFAULT true,
    notify_course_updates  boolean NOT NULL DEFAULT true,
    notify_marketing       boolean NOT NULL DEFAULT false,
    language               text NOT NULL DEFAULT 'en' CHECK (char_length(language) <= 16),
    timezone               text NOT NULL DEFAULT 'UTC' CHECK (char_length(timezone) <= 64),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- One live sign-up code per address: a new request replaces the old one.
CREATE TABLE otp_codes (
    id          uuid PRIMARY KEY,
    email_key   text NOT NULL UNIQUE,
    code_hash   bytea NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX otp_codes_expires_at ON otp_codes (expires_at);

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   uuid NOT NULL,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);

CREATE TABLE password_reset_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id);

CREATE TABLE instructor_applications (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason      text CHECK (char_length(reason) <= 1000),
    decided_by  uuid,
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX instructor_applications_status ON instructor_applications (status, id);

CREATE TABLE audit_log (
    id              uuid PRIMARY KEY,
    actor_id        uuid,
    action          text NOT NULL,
    target_user_id  uuid,
    details         jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_target ON audit_log (target_user_id, id);

-- Events for other services (user.changed, user.deleted), written with the change.
CREATE TABLE outbox (
    id               uuid PRIMARY KEY,
    topic            text NOT NULL,
    payload          jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    dispatched_at    timestamptz,
    last_error       text
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE dispatched_at IS NULL;

-- E-mail to send, written with the change; the body is wiped once sent.
CREATE TABLE mail_outbox (
    id               uuid PRIMARY KEY,
    recipient        text NOT NULL,
    subject          text NOT NULL,
    body             text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    failed_at        timestamptz,
    last_error       text
);
CREATE INDEX mail_outbox_pending ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Fixed-window rate limits shared by every replica (ServiceKit RateLimiter). Keys are hashed.
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX rate_limits_expires_at ON rate_limits (expires_at);

-- Responses remembered for Idempotency-Key retries (ServiceKit IdempotencyStore).
CREATE TABLE idempotency_keys (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    status       integer,
    content_type text,
    body         bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
