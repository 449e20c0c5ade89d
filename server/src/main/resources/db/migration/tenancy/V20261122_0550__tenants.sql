create table tenants (
    id                uuid        not null primary key,
    slug              text        not null unique,
    name              text        not null,
    legal_name        text,
    status            text        not null check (status in ('trial', 'active', 'grace_period', 'read_only',
                                                            'suspended', 'cancelled', 'expired')),
    plan_slug         text        not null,
    suspension_reason text,
    suspended_at      timestamptz,
    suspended_by      text,
    contact           jsonb       not null default '{}',
    timezone          text        not null,
    currency          char(3)     not null,
    locale            text        not null,
    features          jsonb       not null default '{}',
    version           int         not null default 1,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    deleted_at        timestamptz
);
create index tenants_status_idx on tenants (status) where deleted_at is null;
create index tenants_plan_idx on tenants (plan_slug) where deleted_at is null;
create index tenants_created_idx on tenants (created_at);
