-- Events between services (ServiceKit Outbox, OutboxDispatcher, EventConsumer; DESIGN §7).
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
