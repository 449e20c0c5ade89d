-- Metrics that plan limits refer to: per-cycle counters, daily counters and current levels.
create table metrics (
    key         text        not null primary key,
    kind        text        not null check (kind in ('per_cycle', 'daily', 'level')),
    description text        not null,
    unit        text,
    created_at  timestamptz not null
);

create table plans (
    id            uuid        not null primary key,
    slug          text        not null unique,
    name          text        not null,
    description   text,
    currency      char(3)     not null,
    limits        jsonb       not null default '{}',
    features      jsonb       not null default '{}',
    support_level text        not null,
    trial_days    int,
    active        boolean     not null default true,
    recommended   boolean     not null default false,
    sort_order    int         not null default 0,
    version       int         not null default 1,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

create table plan_prices (
    plan_id uuid          not null references plans (id),
    cycle   text          not null check (cycle in ('monthly', 'quarterly', 'semiannual', 'annual')),
    amount  numeric(19, 4) not null check (amount >= 0),
    primary key (plan_id, cycle)
);

insert into metrics (key, kind, description, unit, created_at) values
    ('max_shipments', 'per_cycle', 'Shipments created per billing cycle', 'shipments', now()),
    ('max_users', 'level', 'Active staff users', 'users', now()),
    ('max_branches', 'level', 'Branches', 'branches', now()),
    ('storage_gb', 'level', 'Storage used', 'GB', now()),
    ('api_calls_daily', 'daily', 'API calls per tenant-local day', 'calls', now()),
    ('max_borrowers', 'level', 'Active borrowers', 'borrowers', now()),
    ('max_loans_per_month', 'per_cycle', 'Loans created per billing cycle', 'loans', now());

-- The five default plans. Quarterly and semiannual are 3 and 6 months' price; annual is 10 months' price.
insert into plans (id, slug, name, description, currency, limits, features, support_level, active, recommended,
                   sort_order, created_at, updated_at) values
    ('01900000-0000-7000-8000-000000000001', 'free', 'Free', 'Try the platform with a small team.', 'USD',
     '{"max_shipments": 50, "max_users": 2, "max_branches": 1, "storage_gb": 1, "api_calls_daily": 100}',
     '{"api_access": false, "custom_branding": false, "priority_support": false}', 'community', true, false, 10, now(), now()),
    ('01900000-0000-7000-8000-000000000002', 'starter', 'Starter', 'For small teams getting started.', 'USD',
     '{"max_shipments": 500, "max_users": 5, "max_branches": 2, "storage_gb": 5, "api_calls_daily": 1000}',
     '{"api_access": false, "custom_branding": false, "priority_support": false}', 'email', true, false, 20, now(), now()),
    ('01900000-0000-7000-8000-000000000003', 'growth', 'Growth', 'For growing businesses with integrations.', 'USD',
     '{"max_shipments": 2000, "max_users": 15, "max_branches": 5, "storage_gb": 20, "api_calls_daily": 5000}',
     '{"api_access": true, "custom_branding": false, "priority_support": false}', 'email', true, true, 30, now(), now()),
    ('01900000-0000-7000-8000-000000000004', 'pro', 'Pro', 'For established operations with their own brand.', 'USD',
     '{"max_shipments": 10000, "max_users": 50, "max_branches": 20, "storage_gb": 50, "api_calls_daily": 25000}',
     '{"api_access": true, "custom_branding": true, "priority_support": true}', 'priority', true, false, 40, now(), now()),
    ('01900000-0000-7000-8000-000000000005', 'enterprise', 'Enterprise', 'Unlimited scale with dedicated support.', 'USD',
     '{"max_shipments": -1, "max_users": -1, "max_branches": -1, "storage_gb": 200, "api_calls_daily": 100000}',
     '{"api_access": true, "custom_branding": true, "priority_support": true}', 'dedicated', true, false, 50, now(), now());

insert into plan_prices (plan_id, cycle, amount)
select p.id, c.cycle, m.monthly * c.factor
from plans p
join (values ('free', 0), ('starter', 29), ('growth', 79), ('pro', 199), ('enterprise', 499)) as m(slug, monthly)
  on m.slug = p.slug
cross join (values ('monthly', 1), ('quarterly', 3), ('semiannual', 6), ('annual', 10)) as c(cycle, factor);
