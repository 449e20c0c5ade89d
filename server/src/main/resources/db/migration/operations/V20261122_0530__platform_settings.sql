-- Global settings: one row, a JSON document validated by the application, versioned for optimistic locking.
create table platform_settings (
    id         smallint    not null primary key check (id = 1),
    data       jsonb       not null,
    version    int         not null,
    updated_at timestamptz
);

insert into platform_settings (id, data, version)
values (1, '{
  "defaultCurrency": "USD",
  "defaultTimezone": "UTC",
  "defaultLocale": "en-US",
  "trialDays": 14,
  "graceDays": 7,
  "invoiceDueDays": 14,
  "overdueSuspendDays": 14,
  "invoicePrefix": "INV",
  "taxRates": [],
  "seller": {"name": "Atrium Platform"},
  "maintenance": {"enabled": false, "retryAfterSeconds": 300}
}', 1);
