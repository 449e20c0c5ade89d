-- Signed checkpoints of the audit chain's head. The authoritative copies live outside the database (the checkpoint
-- file in the data directory, the log, syslog); this table lists them for the API and lets any node's verify see
-- checkpoints another node took. A row here is trusted only if its Ed25519 signature verifies.
create table audit_checkpoints (
    id              bigint generated always as identity primary key,
    sequence        bigint      not null,
    hash            text        not null,
    checkpointed_at timestamptz not null,
    key_id          text        not null,
    signature       text        not null,
    occasion        text        not null check (occasion in ('hourly', 'shutdown', 'manual')),
    -- 'hourly:2026-12-01T21' for the hourly checkpoint: several nodes racing for the same hour record one.
    slot            text unique
);
create index audit_checkpoints_sequence_idx on audit_checkpoints (sequence);

create function audit_checkpoints_immutable() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_checkpoints is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger audit_checkpoints_no_update
    before update or delete on audit_checkpoints
    for each row execute function audit_checkpoints_immutable();

create trigger audit_checkpoints_no_truncate
    before truncate on audit_checkpoints
    for each statement execute function audit_checkpoints_immutable();
