-- Where a service's own first migration made these tables, reverting it dropped them already.
DROP TABLE IF EXISTS inbox, outbox_deliveries, outbox, idempotency_keys, rate_limits;
