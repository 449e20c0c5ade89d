-- Every call made with a tenant API key, written in batches off the request thread and pruned after the retention
-- period (atrium.api-usage.retention, 30 days by default). The route is the matched template, never the path, so
-- ids in a path are not kept here.
create table api_usage (
    tenant_id   uuid        not null,
    key_id      uuid        not null,
    at          timestamptz not null,
    method      text        not null,
    route       text,
    status      int         not null,
    duration_us bigint      not null,
    address     text        not null
);
create index api_usage_tenant_at_idx on api_usage (tenant_id, at desc);
create index api_usage_tenant_key_idx on api_usage (tenant_id, key_id, at desc);

-- Calls per key, UTC day and status, added to with each batch; kept longer than the calls themselves.
create table api_usage_daily (
    tenant_id         uuid   not null,
    key_id            uuid   not null,
    day               date   not null,
    status            int    not null,
    calls             bigint not null,
    total_duration_us bigint not null,
    primary key (tenant_id, key_id, day, status)
);
create index api_usage_daily_day_idx on api_usage_daily (tenant_id, day);
