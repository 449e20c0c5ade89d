-- The owner's catalogue of feature switches: what a tenant's "features" may hold, with the value a new tenant gets.
-- Seeded with the switches of a lending product as an example; the owner removes or replaces them through
-- /api/v1/feature-switches. Tenants keep their values in tenants.features; a value whose switch is no longer in the
-- catalogue is ignored there (and dropped at the tenant's next change).
create table feature_switches (
    key             text        not null primary key check (key ~ '^[A-Za-z][A-Za-z0-9._]{0,63}$'),
    name            text        not null check (length(name) between 1 and 200),
    description     text        check (length(description) <= 2000),
    default_value   boolean     not null,
    tenant_editable boolean     not null default false,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

insert into feature_switches (key, name, description, default_value, tenant_editable, created_at, updated_at) values
    ('borrowerSelfRegistration', 'Borrower self-registration',
     'Borrowers sign up on their own instead of being invited by the lender.', false, true, now(), now()),
    ('manualLoanApproval', 'Manual loan approval',
     'Every loan application waits for a person to approve it.', true, true, now(), now()),
    ('automaticDisbursement', 'Automatic disbursement',
     'Approved loans are paid out without a further step.', false, false, now(), now()),
    ('lateFeeAutomation', 'Late fee automation',
     'Late fees are charged on overdue instalments automatically.', false, true, now(), now()),
    ('multiLevelApproval', 'Multi-level approval',
     'Large loans need the approval of more than one person.', false, false, now(), now());
