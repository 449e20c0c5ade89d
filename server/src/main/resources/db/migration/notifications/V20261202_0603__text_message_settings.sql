-- A tenant's own SMS (Twilio) or WhatsApp (UltraMsg) account, replacing the platform's for that channel. The secret
-- (Twilio auth token, UltraMsg token) is sealed with the master key under the context
-- tenant:<id>:text.<channel>.secret; the provider's API address is the platform's, never the tenant's.
create table text_message_settings (
    tenant_id     uuid                     not null references tenants (id),
    channel       text                     not null check (channel in ('sms', 'whatsapp')),
    provider      text                     not null check (provider in ('twilio', 'ultramsg')),
    account       text                     not null,   -- Twilio account SID, UltraMsg instance id
    secret_sealed text                     not null,
    sender        text,                                -- Twilio "From" number or messaging service
    updated_at    timestamp with time zone not null,
    primary key (tenant_id, channel)
);
