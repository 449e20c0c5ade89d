-- Usage events as the product reports them. The row is also the idempotency record: a key seen again within the
-- retention window (7 days by default) is answered as a duplicate. Rows older than the window are purged; the
-- counters below keep the totals of every period for history.
create table usage_events (
    tenant_id       uuid        not null,
    idempotency_key text        not null,
    metric          text        not null,
    quantity        bigint,
    level_value     bigint,
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null,
    period_start    date        not null,
    primary key (tenant_id, idempotency_key),
    check (num_nonnulls(quantity, level_value) = 1)
);
create index usage_events_recorded_idx on usage_events (recorded_at);

-- Counters of per-cycle and daily metrics, one row per tenant, metric and period. Periods are tenant-local dates:
-- [period_start, period_end). Closed periods stay for history and analytics.
create table usage_counters (
    tenant_id    uuid        not null,
    metric       text        not null,
    period_start date        not null,
    period_end   date        not null,
    value        bigint      not null check (value >= 0),
    updated_at   timestamptz not null,
    primary key (tenant_id, metric, period_start),
    check (period_end > period_start)
);

-- Current levels (active users, storage, branches): one value per tenant and metric that goes up and down.
-- observed_at is the timestamp of the newest absolute value, so that a late report does not overwrite a newer one.
create table usage_levels (
    tenant_id   uuid        not null,
    metric      text        not null,
    value       bigint      not null check (value >= 0),
    observed_at timestamptz not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, metric)
);

-- Thresholds (80 and 100 percent of a limit) already announced, so each is announced once per period: the day for
-- daily metrics, the billing period for per-cycle counters and for levels.
create table usage_alerts (
    tenant_id    uuid        not null,
    metric       text        not null,
    period_start date        not null,
    threshold    int         not null check (threshold in (80, 100)),
    value        bigint      not null,
    limit_value  bigint      not null,
    crossed_at   timestamptz not null,
    primary key (tenant_id, metric, period_start, threshold)
);
