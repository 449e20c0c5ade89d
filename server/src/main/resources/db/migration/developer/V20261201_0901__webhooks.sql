-- Outgoing webhooks. An endpoint without a tenant is the platform's: it receives every tenant's events.
create table webhook_endpoints (
    id                    uuid        not null primary key,
    tenant_id             uuid,
    url                   text        not null,
    description           text,
    event_types           text[]      not null,
    enabled               boolean     not null default true,
    disabled_reason       text,
    secret                text        not null,
    previous_secret       text,
    previous_secret_until timestamptz,
    failing_since         timestamptz,
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);
create index webhook_endpoints_tenant_idx on webhook_endpoints (tenant_id, created_at);

-- One message per event, signed and sent to every endpoint subscribed to it.
create table webhook_messages (
    id          text        not null primary key,
    tenant_id   uuid,
    event_type  text        not null,
    occurred_at timestamptz not null,
    payload     text        not null,
    created_at  timestamptz not null
);
create index webhook_messages_tenant_idx on webhook_messages (tenant_id, created_at);

-- A message's delivery to one endpoint: pending until an attempt succeeds or the schedule runs out.
create table webhook_deliveries (
    id              uuid        not null primary key,
    tenant_id       uuid,
    endpoint_id     uuid        not null references webhook_endpoints (id) on delete cascade,
    message_id      text        not null references webhook_messages (id),
    status          text        not null check (status in ('pending', 'delivered', 'failed')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc);

-- Every attempt, as sent and as answered (the first 4 kB of the response body).
create table webhook_attempts (
    id               uuid        not null primary key,
    delivery_id      uuid        not null references webhook_deliveries (id) on delete cascade,
    endpoint_id      uuid        not null,
    attempt          int         not null,
    request_headers  text        not null,
    request_body     text        not null,
    response_status  int,
    response_headers text,
    response_body    text,
    error            text,
    duration_ms      bigint      not null,
    attempted_at     timestamptz not null
);
create index webhook_attempts_endpoint_idx on webhook_attempts (endpoint_id, attempted_at desc);
