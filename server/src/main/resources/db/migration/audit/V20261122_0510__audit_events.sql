-- The audit log: append-only and hash-chained. The database itself refuses UPDATE, DELETE and TRUNCATE, and
-- assigns each row a gap-free sequence number and the SHA-256 of its content chained with the previous row's
-- hash, under a transaction-scoped advisory lock so that concurrent writers form one chain.
create table audit_events (
    seq          bigint      not null primary key,
    id           uuid        not null unique,
    occurred_at  timestamptz not null,
    event_type   text        not null,
    actor_type   text        not null,
    actor_id     text,
    tenant_id    uuid,
    target       text,
    ip_address   text,
    request_id   text,
    before_state jsonb,
    after_state  jsonb,
    prev_hash    text        not null,
    hash         text        not null
);
create index audit_events_tenant_idx on audit_events (tenant_id, occurred_at);
create index audit_events_type_idx on audit_events (event_type, occurred_at);
create index audit_events_actor_idx on audit_events (actor_id, occurred_at);
create index audit_events_time_idx on audit_events (occurred_at);

create function audit_event_content(e audit_events) returns text
    language sql immutable as
$$
select concat_ws('|', e.seq::text, e.id::text,
                 to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                 e.event_type, e.actor_type, coalesce(e.actor_id, ''), coalesce(e.tenant_id::text, ''),
                 coalesce(e.target, ''), coalesce(e.ip_address, ''), coalesce(e.request_id, ''),
                 coalesce(e.before_state::text, ''), coalesce(e.after_state::text, ''))
$$;

create function audit_events_chain() returns trigger
    language plpgsql as
$$
declare
    last_seq  bigint;
    last_hash text;
begin
    perform pg_advisory_xact_lock(7243011);
    select seq, hash into last_seq, last_hash from audit_events order by seq desc limit 1;
    new.seq := coalesce(last_seq, 0) + 1;
    new.prev_hash := coalesce(last_hash, '');
    new.hash := encode(sha256(convert_to(new.prev_hash || '|' || audit_event_content(new), 'UTF8')), 'hex');
    return new;
end;
$$;

create trigger audit_events_chain
    before insert on audit_events
    for each row execute function audit_events_chain();

create function audit_events_immutable() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_events is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger audit_events_no_update
    before update or delete on audit_events
    for each row execute function audit_events_immutable();

create trigger audit_events_no_truncate
    before truncate on audit_events
    for each statement execute function audit_events_immutable();
