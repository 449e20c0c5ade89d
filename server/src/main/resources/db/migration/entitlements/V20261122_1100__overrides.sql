-- The owner's exceptions for one tenant: a limit (metric key) or a feature switched on or off, optionally until a
-- tenant-local date (inclusive; stored as the instant the override ends). Expired rows are simply ignored.
create table entitlement_overrides (
    tenant_id   uuid        not null,
    key         text        not null,
    kind        text        not null check (kind in ('limit', 'feature')),
    limit_value bigint check (limit_value >= -1),
    enabled     boolean,
    until_date  date,
    expires_at  timestamptz,
    reason      text        not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    primary key (tenant_id, key),
    check ((kind = 'limit' and limit_value is not null and enabled is null)
        or (kind = 'feature' and enabled is not null and limit_value is null)),
    check ((until_date is null) = (expires_at is null))
);
