DROP TABLE inbox;
DROP TABLE outbox_deliveries;
DROP INDEX outbox_unpublished;
ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN dispatched_at timestamptz,
    ADD COLUMN last_error text;
UPDATE outbox SET dispatched_at = published_at WHERE published_at IS NOT NULL;
ALTER TABLE outbox DROP COLUMN published_at;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE dispatched_at IS NULL;
