-- Billing: payments for courses, their items, refunds, discount codes, tax rates and what providers told us.
-- Money is integer minor units of the payment's one currency (ISO 4217 exponents: JPY 0, USD 2, BHD 3); no row
-- ever adds two currencies. The kit's tables (outbox, inbox, idempotency keys, rate limits) come from the kit.

-- A payment: one buyer, one currency, one method. `version` grows with every change and is what
-- `payment.*` events carry, so learning keeps the newest state whatever the order of delivery.
CREATE TABLE payments (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN (
        'pending', 'processing', 'completed', 'failed', 'cancelled', 'refunded', 'partially_refunded')),
    method text NOT NULL CHECK (method IN ('stripe', 'sslcommerz', 'cash', 'free')),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    subtotal bigint NOT NULL CHECK (subtotal >= 0),
    discount bigint NOT NULL CHECK (discount >= 0 AND discount <= subtotal),
    tax bigint NOT NULL CHECK (tax >= 0),
    total bigint NOT NULL CHECK (total >= 0),
    refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= total),
    tax_inclusive boolean NOT NULL,
    discount_code_id uuid,
    country text,
    region text,
    customer_name text NOT NULL,
    customer_email text NOT NULL,
    billing_address jsonb NOT NULL,
    -- The provider's object for this payment (Stripe PaymentIntent id, SSLCommerz session key) and what the
    -- browser needs to pay (Stripe client_secret, SSLCommerz GatewayPageURL).
    provider_reference text,
    provider_action text,
    -- What the provider reported that did not match (amount, currency), for an admin to look at.
    flagged text,
    failure text,
    receipt_number text UNIQUE,
    cash_reference text,
    paid_by uuid,
    expires_at timestamptz,
    completed_at timestamptz,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (total = subtotal - discount + CASE WHEN tax_inclusive THEN 0 ELSE tax END)
);
CREATE INDEX payments_by_user ON payments (user_id, id DESC);
CREATE INDEX payments_by_status ON payments (status, id DESC);
CREATE INDEX payments_pending_expiry ON payments (expires_at) WHERE status IN ('pending', 'processing');
CREATE UNIQUE INDEX payments_by_provider_reference ON payments (method, provider_reference)
    WHERE provider_reference IS NOT NULL;

-- What a payment buys, priced and named as it was at checkout (later price or title changes do not touch it).
-- `total` = unit - discount (+ tax when prices exclude it); `refunded` never exceeds it.
CREATE TABLE payment_items (
    payment_id uuid NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    course_id uuid NOT NULL,
    title text NOT NULL,
    instructor_id uuid NOT NULL,
    instructor_name text NOT NULL,
    unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
    discount bigint NOT NULL CHECK (discount >= 0 AND discount <= unit_amount),
    tax bigint NOT NULL CHECK (tax >= 0),
    total bigint NOT NULL CHECK (total >= 0),
    refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= total),
    PRIMARY KEY (payment_id, position),
    UNIQUE (payment_id, course_id)
);
CREATE INDEX payment_items_by_course ON payment_items (course_id);
CREATE INDEX payment_items_by_instructor ON payment_items (instructor_id);

-- Receipt numbers, sequential per year: R-2026-000123. The counter row is locked by the completing transaction.
CREATE TABLE receipt_counters (
    year integer PRIMARY KEY,
    last integer NOT NULL
);

-- Refunds: requested by a student (within the window) or made by an admin; each names an amount per item.
CREATE TABLE refunds (
    id uuid PRIMARY KEY,
    payment_id uuid NOT NULL REFERENCES payments (id),
    status text NOT NULL CHECK (status IN ('requested', 'denied', 'pending', 'succeeded', 'failed')),
    amount bigint NOT NULL CHECK (amount > 0),
    items jsonb NOT NULL,
    reason text NOT NULL,
    requested_by uuid NOT NULL,
    decided_by uuid,
    decision_reason text,
    provider_reference text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_by_payment ON refunds (payment_id);
CREATE INDEX refunds_by_status ON refunds (status, id DESC);

-- Discount codes (admin): a percent (basis points) or a fixed amount in one currency. `redemptions` counts the
-- places held and redeemed; checkouts take a place only below `max_redemptions` (a payment the provider completes
-- after it expired keeps its code even beyond it: the buyer paid the discounted price).
CREATE TABLE discount_codes (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('percent', 'fixed')),
    percent_basis_points integer CHECK (percent_basis_points BETWEEN 1 AND 10000),
    amount bigint CHECK (amount > 0),
    currency text CHECK (currency ~ '^[A-Z]{3}$'),
    starts_at timestamptz,
    ends_at timestamptz,
    max_redemptions integer CHECK (max_redemptions > 0),
    max_per_user integer CHECK (max_per_user > 0),
    redemptions integer NOT NULL DEFAULT 0 CHECK (redemptions >= 0),
    scope text NOT NULL CHECK (scope IN ('all', 'courses', 'categories')),
    scope_ids uuid[] NOT NULL DEFAULT '{}',
    minimum_amount bigint CHECK (minimum_amount >= 0),
    minimum_currency text CHECK (minimum_currency ~ '^[A-Z]{3}$'),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'percent') = (percent_basis_points IS NOT NULL)),
    CHECK ((kind = 'fixed') = (amount IS NOT NULL AND currency IS NOT NULL))
);
CREATE UNIQUE INDEX discount_codes_by_code ON discount_codes (lower(code));

-- A code held by a payment: `held` while it is pending, `redeemed` when it completed, `released` when it
-- failed, was cancelled or expired (the place goes back to the code).
CREATE TABLE discount_redemptions (
    discount_code_id uuid NOT NULL REFERENCES discount_codes (id),
    payment_id uuid NOT NULL REFERENCES payments (id),
    user_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('held', 'redeemed', 'released')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (discount_code_id, payment_id)
);
CREATE INDEX discount_redemptions_by_user ON discount_redemptions (discount_code_id, user_id)
    WHERE status <> 'released';

-- Tax rates (admin) per country and optionally region, in basis points (1 = 0.01%).
CREATE TABLE tax_rates (
    id uuid PRIMARY KEY,
    country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    region text NOT NULL DEFAULT '',
    basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (country, region)
);

-- What providers sent us (webhooks, IPNs), once per provider event id: a duplicate is acknowledged and ignored.
CREATE TABLE provider_events (
    provider text NOT NULL CHECK (provider IN ('stripe', 'sslcommerz')),
    event_id text NOT NULL,
    type text NOT NULL,
    payment_id uuid,
    payload jsonb NOT NULL,
    outcome text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX provider_events_by_payment ON provider_events (payment_id);

-- The admins' record of cash marked paid and refunds decided.
CREATE TABLE payment_audit (
    id uuid PRIMARY KEY,
    payment_id uuid NOT NULL REFERENCES payments (id),
    actor uuid NOT NULL,
    action text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_audit_by_payment ON payment_audit (payment_id, at);
