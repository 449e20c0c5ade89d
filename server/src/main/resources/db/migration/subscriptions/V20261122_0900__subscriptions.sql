-- One current subscription per tenant, and the history of everything that happened to it.
create table subscriptions (
    id                   uuid        not null primary key,
    tenant_id            uuid        not null unique references tenants (id),
    plan_slug            text        not null,
    cycle                text        not null check (cycle in ('monthly', 'quarterly', 'semiannual', 'annual')),
    status               text        not null check (status in ('trial', 'active', 'grace_period', 'read_only',
                                                               'suspended', 'cancelled', 'expired')),
    timezone             text        not null,
    anchor_date          date        not null,
    period_number        int         not null,
    period_start         date        not null,
    period_end           date        not null,
    starts_at            timestamptz not null,
    expires_at           timestamptz not null,
    grace_ends_at        timestamptz,
    auto_renew           boolean     not null default true,
    cancel_at_period_end boolean     not null default false,
    cancelled_at         timestamptz,
    pending_plan_slug    text,
    pending_cycle        text,
    open_invoice         text,
    version              int         not null default 1,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create index subscriptions_due_idx on subscriptions (status, expires_at);
create index subscriptions_grace_idx on subscriptions (status, grace_ends_at) where status = 'grace_period';

create table subscription_history (
    id          uuid        not null primary key,
    tenant_id   uuid        not null references tenants (id),
    at          timestamptz not null,
    event       text        not null,
    from_status text,
    to_status   text        not null,
    plan_slug   text        not null,
    cycle       text        not null,
    period_start date       not null,
    period_end  date        not null,
    details     jsonb
);
create index subscription_history_tenant_idx on subscription_history (tenant_id, at);

-- Notices sent once per key (trial ending soon, overdue reminders), so that a re-run sends nothing twice.
create table lifecycle_notices (
    tenant_id uuid        not null references tenants (id),
    key       text        not null,
    sent_at   timestamptz not null,
    primary key (tenant_id, key)
);
