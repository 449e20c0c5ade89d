-- A tenant's brand: one current row per tenant with a version that grows by one on every change, and every version
-- kept in brand_history (who, when, what). Assets (logo, favicon) are stored re-encoded under the SHA-256 of their
-- bytes, which is also the last part of their URL, so a URL never changes meaning and can be cached for a year.
create table brand_settings (
    tenant_id       uuid                     not null primary key references tenants (id),
    version         integer                  not null check (version > 0),
    display_name    text,
    primary_color   text check (primary_color ~ '^#[0-9a-f]{6}$'),
    secondary_color text check (secondary_color ~ '^#[0-9a-f]{6}$'),
    support_email   text,
    support_phone   text,
    support_url     text,
    footer_text     text,
    logo_hash       text,
    favicon_hash    text,
    updated_at      timestamp with time zone not null,
    updated_by      text                     not null
);

create table brand_history (
    tenant_id  uuid                     not null references tenants (id),
    version    integer                  not null,
    settings   jsonb                    not null,
    changed_at timestamp with time zone not null,
    changed_by text                     not null,
    primary key (tenant_id, version)
);

create table brand_assets (
    tenant_id    uuid                     not null references tenants (id),
    hash         text                     not null,
    content_type text                     not null check (content_type in ('image/png', 'image/jpeg')),
    content      bytea                    not null,
    width        integer                  not null,
    height       integer                  not null,
    created_at   timestamp with time zone not null,
    primary key (tenant_id, hash)
);
