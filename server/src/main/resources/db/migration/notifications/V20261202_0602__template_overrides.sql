-- Tenants' own wording of a notification (subject, mail body as text, SMS), in the {{variable}} language; absent
-- means the default. Every save and reset is kept in the history.
create table notification_template_overrides (
    tenant_id  uuid                     not null references tenants (id),
    type       text                     not null,
    subject    text                     not null,
    body       text                     not null,
    sms        text                     not null,
    version    integer                  not null check (version > 0),
    updated_at timestamp with time zone not null,
    updated_by text                     not null,
    primary key (tenant_id, type)
);

create table notification_template_history (
    tenant_id  uuid                     not null references tenants (id),
    type       text                     not null,
    version    integer                  not null,
    action     text                     not null check (action in ('saved', 'reset')),
    subject    text,
    body       text,
    sms        text,
    changed_at timestamp with time zone not null,
    changed_by text                     not null,
    primary key (tenant_id, type, version)
);
