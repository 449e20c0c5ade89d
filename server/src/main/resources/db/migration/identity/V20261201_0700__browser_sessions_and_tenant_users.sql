-- Browser sessions (Spring Session JDBC 4.1's schema for PostgreSQL, owned here rather than by its initializer):
-- every node reads and writes the same sessions, so any node serves any request.
create table spring_session (
    primary_id            char(36)     not null,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id) references spring_session (primary_id)
        on delete cascade
);

-- Staff second factor: the TOTP secret sealed by the platform's Secrets service, the last time step used (a code
-- is accepted once), and when a failure last happened (for growing delays between attempts).
alter table staff_users
    add column totp_secret     text,
    add column totp_enabled_at timestamptz,
    add column totp_last_step  bigint,
    add column last_failed_at  timestamptz;

-- Tenant users: a realm of their own, bound to one tenant. An invited user has no password until they accept.
create table tenant_users (
    tenant_id       uuid        not null,
    id              uuid        not null,
    email           text        not null,
    name            text        not null,
    password_hash   text,
    role            text        not null check (role in ('tenant_admin', 'tenant_staff', 'tenant_readonly')),
    active          boolean     not null default true,
    failed_attempts int         not null default 0,
    locked_until    timestamptz,
    last_failed_at  timestamptz,
    last_login_at   timestamptz,
    totp_secret     text,
    totp_enabled_at timestamptz,
    totp_last_step  bigint,
    created_at      timestamptz not null,
    primary key (tenant_id, id)
);
create unique index tenant_users_email_idx on tenant_users (tenant_id, lower(email));
create unique index tenant_users_id_idx on tenant_users (id);

-- Single-use recovery codes of either realm, only their SHA-256 stored.
create table recovery_codes (
    realm      text        not null check (realm in ('staff', 'tenant')),
    account_id uuid        not null,
    code_hash  text        not null,
    used_at    timestamptz,
    created_at timestamptz not null,
    primary key (realm, account_id, code_hash)
);

-- Devices that completed a sign-in (password and second factor): a wrong password from elsewhere never locks
-- the account for them.
create table trusted_devices (
    realm           text        not null check (realm in ('staff', 'tenant')),
    account_id      uuid        not null,
    token_hash      text        not null primary key,
    failed_attempts int         not null default 0,
    created_at      timestamptz not null,
    expires_at      timestamptz not null
);
create index trusted_devices_account_idx on trusted_devices (realm, account_id);

-- Addresses an account has signed in from, to tell the owner about a new one.
create table known_addresses (
    realm      text        not null check (realm in ('staff', 'tenant')),
    account_id uuid        not null,
    address    text        not null,
    first_seen timestamptz not null,
    primary key (realm, account_id, address)
);

-- Single-use tokens: invitations, password resets and set-password links (only the SHA-256 stored).
create table tenant_invitations (
    tenant_id   uuid        not null,
    id          uuid        not null,
    email       text        not null,
    role        text        not null check (role in ('tenant_admin', 'tenant_staff', 'tenant_readonly')),
    token_hash  text        not null unique,
    invited_by  text        not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    primary key (tenant_id, id)
);
create unique index tenant_invitations_open_idx on tenant_invitations (tenant_id, lower(email))
    where accepted_at is null and revoked_at is null;

create table password_tokens (
    token_hash text        not null primary key,
    realm      text        not null check (realm in ('staff', 'tenant')),
    account_id uuid        not null,
    tenant_id  uuid,
    purpose    text        not null check (purpose in ('reset', 'set')),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index password_tokens_account_idx on password_tokens (realm, account_id);

-- Impersonations: a staff member acting in a tenant's portal as its admin, for a bounded time, with a reason.
create table impersonations (
    tenant_id        uuid        not null,
    id               uuid        not null,
    staff_id         uuid        not null,
    staff_email      text        not null,
    user_id          uuid        not null,
    user_email       text        not null,
    reason           text        not null,
    token_hash       text        not null unique,
    staff_session    text,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    opened_at        timestamptz,
    ended_at         timestamptz,
    end_reason       text,
    primary key (tenant_id, id)
);
create index impersonations_staff_idx on impersonations (staff_id);

-- Failed sign-ins per account over time, for the "many failures within an hour" alert (rows older than a day are
-- deleted as new ones come).
create table login_failures (
    realm      text        not null,
    account_id uuid        not null,
    failed_at  timestamptz not null
);
create index login_failures_account_idx on login_failures (realm, account_id, failed_at);

-- Security alerts for the platform owner, shown in the HQ (and mailed to every super_admin).
create table security_alerts (
    id         uuid        not null primary key,
    kind       text        not null,
    title      text        not null,
    detail     text        not null,
    dedupe_key text        not null unique,
    created_at timestamptz not null
);
