-- The HQ's invoice list is a platform query (no tenant): newest first, or by status, across every tenant.
create index invoices_platform_issued_idx on invoices (issued_at desc, id);
create index invoices_platform_status_idx on invoices (status, issued_at desc);
