-- Catalog: categories, courses with their curriculum, the instructors' display names (a read model fed by
-- identity's user.changed events), and the event and service-kit tables.
-- Search needs pg_trgm, installed by sql/bootstrap.sql in the `extensions` schema, which is on the
-- catalog role's search_path (migrations name its operator classes with the schema).
-- Money is integer minor units with an ISO 4217 code.

CREATE TABLE categories (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 120),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX categories_name ON categories (lower(name));

-- What catalog knows of a user who owns courses; kept current from user.changed (version: updated_at text).
CREATE TABLE instructors (
    id           uuid PRIMARY KEY,
    display_name text NOT NULL,
    image_url    text,
    version      text NOT NULL,
    is_deleted   boolean NOT NULL DEFAULT false
);

-- The weighted search document of a course: title (A), tags (B), short description (C).
-- array_to_string is only STABLE in general; on text[] it is immutable, which a generated column needs.
CREATE FUNCTION course_search_document(title text, tags text[], description text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(tags, ' '), '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C');

CREATE TABLE courses (
    id                     uuid PRIMARY KEY,
    slug                   text NOT NULL UNIQUE
                           CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 220),
    title                  text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description            text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
    full_description       text NOT NULL DEFAULT '' CHECK (char_length(full_description) <= 5000),
    learning_outcomes      text[] NOT NULL DEFAULT '{}' CHECK (cardinality(learning_outcomes) <= 20),
    requirements           text[] NOT NULL DEFAULT '{}' CHECK (cardinality(requirements) <= 20),
    target_audience        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(target_audience) <= 20),
    category_id            uuid REFERENCES categories (id),
    level                  text NOT NULL DEFAULT 'beginner' CHECK (level IN ('beginner', 'intermediate', 'advanced')),
    tags                   text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
    language               text NOT NULL DEFAULT 'en' CHECK (char_length(language) BETWEEN 2 AND 35),
    price                  bigint CHECK (price >= 0),
    original_price         bigint CHECK (original_price >= 0),
    currency               text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    cover_url              text CHECK (char_length(cover_url) <= 2048),
    preview_url            text CHECK (char_length(preview_url) <= 2048),
    instructor_id          uuid NOT NULL,
    instructor_name        text NOT NULL,
    status                 text NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'under-review', 'published', 'archived')),
    is_public              boolean NOT NULL DEFAULT true,
    review_note            text CHECK (char_length(review_note) <= 1000),
    submitted_at           timestamptz,
    published_at           timestamptz,
    archived_at            timestamptz,
    enrollment_count       integer NOT NULL DEFAULT 0 CHECK (enrollment_count >= 0),
    view_count             bigint NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    rating_average         numeric(3, 2) NOT NULL DEFAULT 0 CHECK (rating_average BETWEEN 0 AND 5),
    rating_count           integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    stats_version          bigint NOT NULL DEFAULT 0,
    lesson_count           integer NOT NULL DEFAULT 0 CHECK (lesson_count >= 0),
    total_duration_seconds integer NOT NULL DEFAULT 0 CHECK (total_duration_seconds >= 0),
    seo_title              text CHECK (char_length(seo_title) <= 70),
    seo_description        text CHECK (char_length(seo_description) <= 160),
    search_vector          tsvector NOT NULL GENERATED ALWAYS AS (course_search_document(title, tags, description)) STORED,
    version                integer NOT NULL DEFAULT 1,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX courses_instructor ON courses (instructor_id, id);
-- A category's page lists its published courses newest first; deleting a category looks for any course in it.
CREATE INDEX courses_category ON courses (category_id, published_at DESC, id DESC)
    WHERE status = 'published' AND is_public;
CREATE INDEX courses_any_category ON courses (category_id);
-- The admins' review queue, oldest submission first.
CREATE INDEX courses_review_queue ON courses (COALESCE(submitted_at, created_at), id) WHERE status = 'under-review';

CREATE TABLE sections (
    id          uuid PRIMARY KEY,
    course_id   uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
    position    integer NOT NULL CHECK (position >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Deferred so that a reorder can move every position in one transaction.
    UNIQUE (course_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE lessons (
    id               uuid PRIMARY KEY,
    section_id       uuid NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    course_id        uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    title            text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    type             text NOT NULL CHECK (type IN ('video', 'text', 'quiz', 'assignment')),
    duration_seconds integer NOT NULL DEFAULT 0 CHECK (duration_seconds BETWEEN 0 AND 86400),
    video_url        text CHECK (char_length(video_url) <= 2048),
    content          text NOT NULL DEFAULT '' CHECK (char_length(content) <= 100000),
    is_free_preview  boolean NOT NULL DEFAULT false,
    position         integer NOT NULL CHECK (position >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (section_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX lessons_course ON lessons (course_id);

CREATE TABLE materials (
    id         uuid PRIMARY KEY,
    lesson_id  uuid NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    title      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    url        text NOT NULL CHECK (char_length(url) <= 2048),
    kind       text NOT NULL DEFAULT 'link' CHECK (kind IN ('link', 'pdf', 'file', 'code')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX materials_lesson ON materials (lesson_id);

-- Search indexes (see README, Catalog search, for the query shapes they serve). All are partial on what search
-- shows, published and public courses, which is also the predicate every search query carries.
-- Full text (q); the title's lexemes alone (the first relevance tier); title similarity (typos) and substrings
-- (suggestions):
CREATE INDEX courses_search ON courses USING gin (search_vector) WHERE status = 'published' AND is_public;
CREATE INDEX courses_title_lexemes ON courses USING gin (ts_filter(search_vector, '{a}'))
    WHERE status = 'published' AND is_public;
CREATE INDEX courses_title_trigram ON courses USING gin (lower(title) extensions.gin_trgm_ops)
    WHERE status = 'published' AND is_public;
-- One per sort, in the sort's order with the id last, so a page (deep or not) is an index range:
CREATE INDEX courses_popular ON courses (enrollment_count DESC, id DESC) WHERE status = 'published' AND is_public;
CREATE INDEX courses_newest ON courses ((coalesce(published_at, created_at)) DESC, id DESC)
    WHERE status = 'published' AND is_public;
CREATE INDEX courses_rating ON courses (rating_average DESC, rating_count DESC, id DESC)
    WHERE status = 'published' AND is_public;
CREATE INDEX courses_price ON courses ((coalesce(price, 0)), id) WHERE status = 'published' AND is_public;
-- The planner keeps no statistics for expressions of partial indexes; price filters need them (free=true is 15%
-- of a catalog, not the default 0.5%).
CREATE STATISTICS courses_effective_price ON (coalesce(price, 0)) FROM courses;
-- Category pages (popular first), and the tag filter:
CREATE INDEX courses_category_popular ON courses (category_id, enrollment_count DESC, id DESC)
    WHERE status = 'published' AND is_public;
CREATE INDEX courses_tags ON courses USING gin (tags) WHERE status = 'published' AND is_public;
-- Facet counts without q: read from the index alone, whatever filters besides tag apply.
CREATE INDEX courses_facets ON courses (category_id, level) INCLUDE (language, price, rating_average, instructor_id)
    WHERE status = 'published' AND is_public;

-- Events (sql/servicekit/events.sql as of this migration).
-- `outbox`: one row per event, written in the same transaction as the change it announces.
-- `outbox_deliveries`: one row per event and subscriber, made when the dispatcher publishes the event;
--   each is retried on its own, with back-off, until delivered or dead-lettered.
-- `inbox`: ids of events already applied, written in the same transaction as their effect.
CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    topic        text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE outbox_deliveries (
    event_id        uuid NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    subscriber      text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    dead_at         timestamptz,
    last_error      text,
    PRIMARY KEY (event_id, subscriber)
);
CREATE INDEX outbox_deliveries_due ON outbox_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND dead_at IS NULL;
-- The admin list of dead letters (few, but looked for among many delivered rows).
CREATE INDEX outbox_deliveries_dead ON outbox_deliveries (event_id) WHERE dead_at IS NOT NULL;

CREATE TABLE inbox (
    event_id    uuid PRIMARY KEY,
    source      text NOT NULL,
    topic       text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
-- Retention deletes entries older than 30 days.
CREATE INDEX inbox_received_at ON inbox (received_at);

-- Rate limits and idempotency (sql/servicekit/tables.sql as of this migration).
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
