-- Invoices, their lines and taxes, the payments that settled them, and gap-free numbering.

-- One counter per prefix and year, advanced in the issuing transaction (insert ... on conflict do update ...
-- returning). The row stays locked until that transaction ends, so numbers are handed out in commit order, and a
-- rollback gives its number back: no gaps, unlike a sequence.
create table invoice_number_counters (
    prefix     text   not null,
    year       int    not null check (year between 2000 and 9999),
    last_value bigint not null check (last_value > 0),
    primary key (prefix, year)
);

create table invoices (
    tenant_id           uuid           not null references tenants (id),
    id                  uuid           not null,
    number              text,
    type                text           not null check (type in ('subscription', 'recharge', 'adjustment', 'refund')),
    status              text           not null check (status in ('draft', 'issued', 'paid', 'overdue', 'cancelled')),
    currency            char(3)        not null,
    subtotal            numeric(19, 4) not null,
    tax_total           numeric(19, 4) not null,
    total               numeric(19, 4) not null,
    amount_paid         numeric(19, 4) not null default 0,
    amount_refunded     numeric(19, 4) not null default 0,
    taxable             boolean        not null,
    timezone            text           not null,
    issue_date          date,
    due_date            date,
    issued_at           timestamptz,
    paid_at             timestamptz,
    cancelled_at        timestamptz,
    cancellation_reason text,
    refers_to           text,
    idempotency_key     text           not null check (length(idempotency_key) between 1 and 200),
    request_hash        text           not null,
    buyer               jsonb,
    seller              jsonb,
    created_by          text           not null,
    created_at          timestamptz    not null,
    updated_at          timestamptz    not null,
    primary key (tenant_id, id),
    -- Issuing twice with one key gives one invoice (a billing run that crashed and ran again).
    unique (tenant_id, idempotency_key),
    check ((status = 'draft') = (number is null)),
    check (status = 'draft' or (issue_date is not null and due_date is not null and issued_at is not null
                                and buyer is not null and seller is not null)),
    check (subtotal + tax_total = total),
    check (amount_refunded >= 0 and (amount_refunded = 0 or amount_refunded <= amount_paid)),
    check (type <> 'refund' or refers_to is not null),
    check ((status = 'paid') = (paid_at is not null)),
    check ((status = 'cancelled') = (cancelled_at is not null))
);
create unique index invoices_number_idx on invoices (tenant_id, number);
create index invoices_status_idx on invoices (tenant_id, status, due_date);
create index invoices_issued_idx on invoices (tenant_id, issued_at);
-- The overdue run scans only what can become overdue.
create index invoices_open_idx on invoices (tenant_id, due_date) where status = 'issued';

-- Invoice numbers are unique across the platform, and this is where one is looked up (GET /invoices/{number}).
-- A platform table, like the counters: its key is the number, not the tenant.
create table invoice_numbers (
    number     text not null primary key,
    tenant_id  uuid not null references tenants (id),
    invoice_id uuid not null,
    foreign key (tenant_id, invoice_id) references invoices (tenant_id, id)
);

create table invoice_lines (
    tenant_id   uuid           not null references tenants (id),
    invoice_id  uuid           not null,
    position    int            not null check (position > 0),
    description text           not null,
    quantity    numeric(19, 4) not null check (quantity > 0),
    unit_price  numeric(19, 4) not null,
    amount      numeric(19, 4) not null,
    currency    char(3)        not null,
    period_from date,
    period_to   date,
    primary key (tenant_id, invoice_id, position),
    foreign key (tenant_id, invoice_id) references invoices (tenant_id, id),
    check (period_from is null or period_to is null or period_from <= period_to)
);

create table invoice_tax_lines (
    tenant_id  uuid           not null references tenants (id),
    invoice_id uuid           not null,
    position   int            not null check (position > 0),
    code       text           not null,
    name       text           not null,
    rate       numeric(9, 4)  not null check (rate between 0 and 100),
    inclusive  boolean        not null,
    base       numeric(19, 4) not null,
    amount     numeric(19, 4) not null,
    currency   char(3)        not null,
    primary key (tenant_id, invoice_id, position),
    foreign key (tenant_id, invoice_id) references invoices (tenant_id, id)
);

-- What settled an invoice: a manual payment (wire, cash …), the wallet, or the recharge it records.
create table invoice_payments (
    tenant_id             uuid           not null references tenants (id),
    id                    uuid           not null,
    invoice_id            uuid           not null,
    method                text           not null check (method in ('wire', 'cash', 'check', 'card', 'other',
                                                                    'wallet', 'gateway')),
    amount                numeric(19, 4) not null,
    currency              char(3)        not null,
    reference             text,
    paid_on               date           not null,
    note                  text,
    wallet_transaction_id uuid,
    recorded_by           text           not null,
    recorded_at           timestamptz    not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, invoice_id) references invoices (tenant_id, id)
);
create index invoice_payments_invoice_idx on invoice_payments (tenant_id, invoice_id);

-- An issued invoice is a legal document: what it says never changes. Its status, payments and refunds move on;
-- its number, parties, lines and amounts do not, and nothing issued is ever deleted.
create function invoices_issued_are_final() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'DELETE' then
        if old.status <> 'draft' then
            raise exception 'invoice % is issued and cannot be deleted', old.number using errcode = '42501';
        end if;
        return old;
    end if;
    if old.status <> 'draft' and (new.tenant_id, new.id, new.number, new.type, new.currency, new.subtotal,
                                  new.tax_total, new.total, new.taxable, new.issue_date, new.due_date, new.issued_at,
                                  new.refers_to, new.idempotency_key, new.buyer, new.seller)
        is distinct from (old.tenant_id, old.id, old.number, old.type, old.currency, old.subtotal, old.tax_total,
                          old.total, old.taxable, old.issue_date, old.due_date, old.issued_at, old.refers_to,
                          old.idempotency_key, old.buyer, old.seller) then
        raise exception 'invoice % is issued: its number, parties, dates and amounts cannot change', old.number
            using errcode = '42501';
    end if;
    return new;
end;
$$;

create trigger invoices_issued_are_final
    before update or delete on invoices
    for each row execute function invoices_issued_are_final();

create function invoice_rows_immutable() returns trigger
    language plpgsql as
$$
begin
    raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = '42501';
end;
$$;

create trigger invoice_lines_immutable
    before update or delete on invoice_lines
    for each row execute function invoice_rows_immutable();

create trigger invoice_tax_lines_immutable
    before update or delete on invoice_tax_lines
    for each row execute function invoice_rows_immutable();

create trigger invoice_payments_immutable
    before update or delete on invoice_payments
    for each row execute function invoice_rows_immutable();

create trigger invoice_numbers_immutable
    before update or delete on invoice_numbers
    for each row execute function invoice_rows_immutable();
