-- Auto top-up: a tenant's saved Stripe card, the threshold under which the wallet is recharged and by how much.
-- A crossing is one fall of the balance below the threshold: "armed" is true while the balance is at or above it
-- (or since the settings were saved); the first debit that leaves it below disarms it and takes the next crossing
-- number in the same conditional update, so two nodes (or a listener retried) start one charge per crossing. The
-- charge's Stripe idempotency key is made of the tenant and the crossing, so a retried request charges once.
create table auto_top_ups (
    tenant_id            uuid                     not null primary key,
    enabled              boolean                  not null default false
        check (not enabled or (threshold is not null and amount is not null and payment_method_id is not null)),
    threshold            numeric(19, 4)           check (threshold >= 0),   -- null until the tenant sets them
    amount               numeric(19, 4)           check (amount > 0),
    currency             char(3)                  not null,
    stripe_customer_id   text,
    payment_method_id    text,                    -- the saved card (a Stripe PaymentMethod of the customer)
    card_label           text,                    -- "visa •••• 4242", for people; never the number
    setup_session_id     text,                    -- the Checkout Session (mode=setup) that saves the card
    setup_return_url     text,                    -- where the tenant goes after saving it (checked like a recharge's)
    armed                boolean                  not null default true,
    crossing             integer                  not null default 0,
    charging_reference   text,                    -- the recharge of the current crossing while Stripe has not answered
    next_attempt_at      timestamp with time zone, -- when a charge whose request timed out is sent again
    failures             integer                  not null default 0,   -- declines in a row; reset by a success
    last_error           text,
    last_charged_at      timestamp with time zone,
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null
);
create index auto_top_ups_retry_due on auto_top_ups (next_attempt_at) where next_attempt_at is not null;
