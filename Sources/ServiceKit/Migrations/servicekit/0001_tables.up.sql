-- The service kit's tables, in every service's schema (see sql/servicekit/README.md). Identity and catalog made
-- them in their own first migrations before the kit had migrations of its own; there this adopts them as they
-- are, after checking that they have the columns the kit reads and writes.

-- Fixed-window rate limits shared by every replica (RateLimiter). Keys are hashed.
CREATE TABLE IF NOT EXISTS rate_limits (
    key          text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    expires_at   timestamptz NOT NULL
);

-- Responses remembered for Idempotency-Key retries (IdempotencyStore).
CREATE TABLE IF NOT EXISTS idempotency_keys (
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

-- Events between services (Outbox, OutboxDispatcher, EventConsumer; DESIGN §7).
-- `outbox`: one row per event, written in the same transaction as the change it announces.
-- `outbox_deliveries`: one row per event and subscriber, made when the dispatcher publishes the event;
--   each is retried on its own, with back-off, until delivered or dead-lettered.
-- `inbox`: ids of events already applied, written in the same transaction as their effect.
CREATE TABLE IF NOT EXISTS outbox (
    id           uuid PRIMARY KEY,
    topic        text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

CREATE TABLE IF NOT EXISTS outbox_deliveries (
    event_id        uuid NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    subscriber      text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    dead_at         timestamptz,
    last_error      text,
    PRIMARY KEY (event_id, subscriber)
);

CREATE TABLE IF NOT EXISTS inbox (
    event_id    uuid PRIMARY KEY,
    source      text NOT NULL,
    topic       text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- A table that existed already in another shape would be kept by IF NOT EXISTS and fail later, at a request;
-- fail here instead, naming what is missing (before the indexes, which would fail on a missing column).
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(format('%s.%s (%s)', expected.table_name, expected.column_name, expected.data_type), ', ')
    INTO missing
    FROM (VALUES
        ('rate_limits', 'key', 'text'), ('rate_limits', 'window_start', 'timestamp with time zone'),
        ('rate_limits', 'hits', 'integer'), ('rate_limits', 'expires_at', 'timestamp with time zone'),
        ('idempotency_keys', 'scope', 'text'), ('idempotency_keys', 'key', 'text'),
        ('idempotency_keys', 'request_hash', 'bytea'), ('idempotency_keys', 'status', 'integer'),
        ('idempotency_keys', 'content_type', 'text'), ('idempotency_keys', 'body', 'bytea'),
        ('idempotency_keys', 'created_at', 'timestamp with time zone'),
        ('idempotency_keys', 'expires_at', 'timestamp with time zone'),
        ('outbox', 'id', 'uuid'), ('outbox', 'topic', 'text'), ('outbox', 'payload', 'jsonb'),
        ('outbox', 'created_at', 'timestamp with time zone'), ('outbox', 'published_at', 'timestamp with time zone'),
        ('outbox_deliveries', 'event_id', 'uuid'), ('outbox_deliveries', 'subscriber', 'text'),
        ('outbox_deliveries', 'attempts', 'integer'),
        ('outbox_deliveries', 'next_attempt_at', 'timestamp with time zone'),
        ('outbox_deliveries', 'delivered_at', 'timestamp with time zone'),
        ('outbox_deliveries', 'dead_at', 'timestamp with time zone'), ('outbox_deliveries', 'last_error', 'text'),
        ('inbox', 'event_id', 'uuid'), ('inbox', 'source', 'text'), ('inbox', 'topic', 'text'),
        ('inbox', 'received_at', 'timestamp with time zone')
    ) AS expected (table_name, column_name, data_type)
    WHERE NOT EXISTS (
        SELECT 1 FROM information_schema.columns AS c
        WHERE c.table_schema = current_schema() AND c.table_name = expected.table_name
          AND c.column_name = expected.column_name AND c.data_type = expected.data_type);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the service kit''s tables exist in another shape; missing: %', missing;
    END IF;
END
$$;

-- Indexes.
CREATE INDEX IF NOT EXISTS rate_limits_expires_at ON rate_limits (expires_at);
CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at ON idempotency_keys (expires_at);
CREATE INDEX IF NOT EXISTS outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_deliveries_due ON outbox_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND dead_at IS NULL;
-- The admin list of dead letters (few, but looked for among many delivered rows).
CREATE INDEX IF NOT EXISTS outbox_deliveries_dead ON outbox_deliveries (event_id) WHERE dead_at IS NOT NULL;
-- Retention deletes entries older than 30 days.
CREATE INDEX IF NOT EXISTS inbox_received_at ON inbox (received_at);
