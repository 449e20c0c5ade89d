-- The sandbox clock's offset from real time, kept so that it survives a restart and every node reads the same one.
-- One row. Offsets are nanoseconds and only grow.
create table sandbox_clock (
    id           boolean     not null primary key default true check (id),
    offset_nanos bigint      not null check (offset_nanos >= 0),
    updated_at   timestamptz not null default now()
);

-- A sandbox tenant's own test clock: its offset from real time, never behind the platform's and never smaller than
-- before. While the platform's clock is behind it, the tenant lives at its own time; once the platform catches up,
-- the tenant simply follows the platform.
create table sandbox_tenant_clocks (
    tenant_id    uuid        not null primary key references tenants (id),
    offset_nanos bigint      not null check (offset_nanos >= 0),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

-- Advances of a clock (the platform's when tenant_id is null, else the tenant's) run a day at a time in the
-- background; their progress is kept here so that any node can report it and a restart can say it was interrupted.
create table sandbox_clock_advances (
    id               uuid        not null primary key,
    seq              bigint      not null generated always as identity,
    tenant_id        uuid        references tenants (id),
    state            text        not null check (state in ('running', 'completed', 'cancelled', 'interrupted',
                                                            'failed')),
    started_from     timestamptz not null,
    target           timestamptz not null,
    days_total       integer     not null check (days_total >= 0),
    days_done        integer     not null default 0 check (days_done >= 0),
    actions          integer     not null default 0,
    cancel_requested boolean     not null default false,
    requested_by     text,
    error            text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    finished_at      timestamptz
);

-- One running advance per clock.
create unique index sandbox_clock_advances_one_running
    on sandbox_clock_advances ((coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)))
    where state = 'running';
create index sandbox_clock_advances_by_tenant on sandbox_clock_advances (tenant_id, seq);
