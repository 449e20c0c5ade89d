-- Recharges: a tenant buying wallet credit through a payment gateway. The reference is the ledger reference of the
-- credit (the wallet's unique reference makes a second credit impossible) and embeds the tenant id, so that a
-- callback or webhook that knows only the reference still reads the row by (tenant_id, reference).
create table recharges (
    tenant_id             uuid                     not null,
    reference             text                     not null,
    gateway               text                     not null check (gateway in ('stripe', 'paypal', 'paystack', 'sandbox')),
    amount                numeric(19, 4)           not null check (amount > 0),
    currency              char(3)                  not null,
    status                text                     not null
        check (status in ('pending', 'paid', 'failed', 'expired', 'refunded', 'flagged')),
    return_url            text                     not null,
    checkout_url          text,
    gateway_session_id    text,             -- Stripe Checkout Session, PayPal order, Paystack access code, sandbox session
    gateway_payment_id    text,             -- Stripe PaymentIntent, PayPal capture, Paystack transaction id
    wallet_transaction_id uuid,
    refunded_amount       numeric(19, 4)           not null default 0 check (refunded_amount >= 0),
    flag_reason           text,
    confirm_attempts      integer                  not null default 0,
    next_confirm_at       timestamp with time zone, -- set while a confirmation waits for a gateway that timed out
    created_by            text                     not null,
    created_at            timestamp with time zone not null,
    updated_at            timestamp with time zone not null,
    paid_at               timestamp with time zone,
    primary key (tenant_id, reference)
);
create index recharges_by_tenant on recharges (tenant_id, created_at desc);
create index recharges_confirm_due on recharges (next_confirm_at) where next_confirm_at is not null;

-- Refunds of recharges through their gateway: one row per refund, keyed by our idempotency key; the gateway's id
-- once it answered, so that its refund webhook finds the row and changes nothing more.
create table recharge_refunds (
    tenant_id          uuid                     not null,
    reference          text                     not null,   -- the refund's own reference (ledger reference of the debit)
    recharge_reference text                     not null,
    amount             numeric(19, 4)           not null check (amount > 0),
    currency           char(3)                  not null,
    reason             text                     not null,
    gateway_refund_id  text,
    applied_at         timestamp with time zone, -- when the wallet was debited for it
    created_by         text                     not null,
    created_at         timestamp with time zone not null,
    primary key (tenant_id, reference),
    foreign key (tenant_id, recharge_reference) references recharges (tenant_id, reference)
);
create unique index recharge_refunds_by_gateway_id on recharge_refunds (tenant_id, recharge_reference, gateway_refund_id)
    where gateway_refund_id is not null;

-- Every inbound gateway webhook as received, verified or not: a platform table that only staff read.
create table payment_webhook_events (
    id            uuid primary key,
    gateway       text                     not null,
    event_id      text,
    event_type    text,
    tenant_id     uuid,
    reference     text,
    headers       jsonb                    not null,
    body          text                     not null,
    verification  text                     not null check (verification in ('verified', 'missing_signature',
                                                                             'bad_signature', 'stale_timestamp',
                                                                             'malformed')),
    result        text                     not null,
    detail        text,
    attempts      integer                  not null default 1,
    received_at   timestamp with time zone not null,
    processed_at  timestamp with time zone
);
-- A verified event id is processed once: a replay finds this row.
create unique index payment_webhook_events_once on payment_webhook_events (gateway, event_id)
    where verification = 'verified';
create index payment_webhook_events_by_time on payment_webhook_events (received_at desc);

-- Per-tenant gateway credentials that override the global ones; secrets sealed by platform.secrets.Secrets with the
-- context 'tenant:<uuid>:<field>'.
create table payment_settings (
    tenant_id              uuid primary key,
    stripe_secret_key      text,
    stripe_webhook_secret  text,
    paypal_client_id       text,
    paypal_secret          text,
    paypal_webhook_id      text,
    paystack_secret_key    text,
    version                integer                  not null default 1,
    updated_at             timestamp with time zone not null
);

-- Atrium's own sandbox gateway: the state its "API" answers from, and the secret it signs webhooks with.
create table sandbox_checkout_sessions (
    id             text primary key,
    tenant_id      uuid                     not null,
    reference      text                     not null,
    amount         numeric(19, 4)           not null,
    currency       char(3)                  not null,
    tenant_name    text                     not null,
    status         text                     not null check (status in ('open', 'paid', 'declined', 'processing',
                                                                       'expired', 'refunded')),
    payment_id     text,
    refunded       numeric(19, 4)           not null default 0,
    success_url    text                     not null,
    cancel_url     text                     not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);
create unique index sandbox_checkout_sessions_by_reference on sandbox_checkout_sessions (tenant_id, reference);

create table sandbox_gateway_secrets (
    name        text primary key,
    sealed      text                     not null,
    created_at  timestamp with time zone not null
);
