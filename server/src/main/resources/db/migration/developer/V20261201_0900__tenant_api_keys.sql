-- Tenant API keys: only the SHA-256 of the secret is stored; the prefix lets people tell keys apart.
create table tenant_api_keys (
    tenant_id      uuid        not null,
    id             uuid        not null primary key,
    name           text        not null,
    prefix         text        not null,
    secret_hash    text        not null unique,
    scopes         text[]      not null,
    created_by     text        not null,
    created_at     timestamptz not null,
    expires_at     timestamptz,
    revoked_at     timestamptz,
    last_used_at   timestamptz,
    last_used_from text,
    rotated_to     uuid
);
create index tenant_api_keys_tenant_idx on tenant_api_keys (tenant_id, created_at desc);
