-- One prepaid wallet per tenant, in the platform currency, and its append-only ledger.
--
-- The balance lives on the wallet row, and every ledger row carries the balance after it; both are written in the
-- same transaction, under the wallet row's lock (select ... for update), which is also what makes a reference
-- single under concurrency: the second writer waits for the lock and then finds the first one's row.
create table wallets (
    tenant_id    uuid           not null primary key references tenants (id),
    currency     char(3)        not null,
    balance      numeric(19, 4) not null default 0,
    transactions bigint         not null default 0 check (transactions >= 0),
    created_at   timestamptz    not null,
    updated_at   timestamptz    not null
);

create table wallet_transactions (
    tenant_id     uuid           not null references tenants (id),
    id            uuid           not null,
    seq           bigint         not null check (seq > 0),
    type          text           not null check (type in ('recharge', 'subscription_payment', 'manual_credit',
                                                          'manual_debit', 'refund')),
    amount        numeric(19, 4) not null,
    balance_after numeric(19, 4) not null,
    currency      char(3)        not null,
    reference     text           not null check (length(reference) between 1 and 200),
    gateway       text,
    description   text,
    metadata      jsonb          not null default '{}',
    created_by    text           not null,
    created_at    timestamptz    not null,
    primary key (tenant_id, id),
    foreign key (tenant_id) references wallets (tenant_id),
    -- The ledger's own order: seq is the wallet's transaction count after this row, so "the last row" is exact.
    unique (tenant_id, seq),
    -- Idempotency: a reference names one movement of one wallet, forever.
    unique (tenant_id, reference),
    -- Credits are positive, debits negative; a zero movement is not a movement.
    check ((type in ('recharge', 'manual_credit', 'refund') and amount > 0)
        or (type in ('subscription_payment', 'manual_debit') and amount < 0))
);
create index wallet_transactions_type_idx on wallet_transactions (tenant_id, type, seq);

create function wallet_transactions_immutable() returns trigger
    language plpgsql as
$$
begin
    raise exception 'wallet_transactions is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger wallet_transactions_no_update
    before update or delete on wallet_transactions
    for each row execute function wallet_transactions_immutable();

create trigger wallet_transactions_no_truncate
    before truncate on wallet_transactions
    for each statement execute function wallet_transactions_immutable();

-- Tenants created before wallets existed get theirs now, in the platform currency.
insert into wallets (tenant_id, currency, created_at, updated_at)
select t.id, coalesce((select data ->> 'defaultCurrency' from platform_settings where id = 1), t.currency), now(), now()
from tenants t
on conflict (tenant_id) do nothing;
