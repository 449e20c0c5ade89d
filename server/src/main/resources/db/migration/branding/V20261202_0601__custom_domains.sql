-- Custom domains a tenant's portal answers on. A domain is the tenant's once verified (a TXT record with the
-- tenant's token under _atrium-challenge.<domain>, and a CNAME to <slug>.<base domain>); until then several tenants
-- may have it pending, and only the one that can write the DNS records verifies it. A verified domain whose records
-- disappear is suspended by the daily re-check (and keeps its claim, so nobody else takes it meanwhile).
create table custom_domains (
    tenant_id       uuid                     not null references tenants (id),
    domain          text                     not null,
    token           text                     not null,
    status          text                     not null check (status in ('pending', 'verified', 'suspended')),
    created_at      timestamp with time zone not null,
    verified_at     timestamp with time zone,
    last_checked_at timestamp with time zone,
    last_error      text,
    primary key (tenant_id, domain)
);
create unique index custom_domains_claimed on custom_domains (domain) where status in ('verified', 'suspended');
create index custom_domains_by_domain on custom_domains (domain);
