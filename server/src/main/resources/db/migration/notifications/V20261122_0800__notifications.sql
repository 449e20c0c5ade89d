-- The notification outbox: one row per notification, written in the transaction of the change that caused it, so
-- nothing is sent for a rollback. The dedupe key makes a repeated enqueue (a re-run of a job after a crash) a
-- no-op. Subject and body are rendered when the row is written: a mail says what was true when the event happened.
create table notification_outbox (
    id              uuid        not null primary key,
    dedupe_key      text        not null,
    tenant_id       uuid,
    type            text        not null,
    recipient       text,
    subject         text        not null,
    body_html       text        not null,
    body_text       text        not null,
    status          text        not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    constraint notification_outbox_dedupe_key_uq unique (dedupe_key),
    constraint notification_outbox_status_ck
        check (status in ('pending', 'sent', 'captured', 'failed', 'in_app_only')),
    constraint notification_outbox_recipient_ck check ((recipient is null) = (status = 'in_app_only')),
    constraint notification_outbox_addressee_ck check (tenant_id is not null or recipient is not null)
);
-- What the dispatcher polls: only rows still waiting, oldest due first.
create index notification_outbox_due_idx on notification_outbox (next_attempt_at) where status = 'pending';
create index notification_outbox_tenant_idx on notification_outbox (tenant_id, created_at);
create index notification_outbox_created_idx on notification_outbox (created_at);

-- What a tenant sees in its portal: every notification to a tenant, whether or not it was also mailed.
create table in_app_notifications (
    id              uuid        not null primary key,
    tenant_id       uuid        not null,
    notification_id uuid        not null references notification_outbox (id),
    type            text        not null,
    title           text        not null,
    body            text        not null,
    created_at      timestamptz not null,
    read_at         timestamptz
);
create index in_app_notifications_tenant_idx on in_app_notifications (tenant_id, created_at);
create index in_app_notifications_unread_idx on in_app_notifications (tenant_id, created_at) where read_at is null;
create index in_app_notifications_notification_idx on in_app_notifications (notification_id);
