-- Platform staff: a realm of its own, separate from tenant users.
create table staff_users (
    id              uuid        not null primary key,
    email           text        not null,
    name            text        not null,
    password_hash   text        not null,
    role            text        not null check (role in ('super_admin', 'support', 'billing', 'analyst')),
    active          boolean     not null default true,
    failed_attempts int         not null default 0,
    locked_until    timestamptz,
    last_login_at   timestamptz,
    created_at      timestamptz not null,
    version         int         not null default 0
);
create unique index staff_users_email_idx on staff_users (lower(email));

-- Platform API keys: only the SHA-256 of the secret is stored; the prefix lets people tell keys apart.
create table platform_api_keys (
    id           uuid        not null primary key,
    name         text        not null,
    prefix       text        not null,
    secret_hash  text        not null unique,
    permissions  text[]      not null,
    created_by   text        not null,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
