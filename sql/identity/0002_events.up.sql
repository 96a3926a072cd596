-- Events between services, in the shape of sql/servicekit/events.sql (ServiceKit Outbox, OutboxDispatcher,
-- EventConsumer): the outbox is published once into one delivery per subscriber, each retried on its own, and
-- an inbox records events applied. Rows the first outbox already marked dispatched count as published.
ALTER TABLE outbox ADD COLUMN published_at timestamptz;
UPDATE outbox SET published_at = dispatched_at WHERE dispatched_at IS NOT NULL;
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN attempts, DROP COLUMN next_attempt_at, DROP COLUMN dispatched_at,
    DROP COLUMN last_error;
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
