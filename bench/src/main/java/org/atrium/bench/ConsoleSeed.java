package org.atrium.bench;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The console benchmark's platform, seeded with set-based SQL (generate_series): {@code tenants} tenants on three
 * plans with a subscription and a wallet each, a tenant user for one in a hundred, {@code invoices} invoices and
 * {@code lines} ledger lines spread evenly over them, and a larger share of both for one tenant created through the
 * API beforehand (the tenant with much history whose pages are measured). The bulk rows are written with
 * {@code session_replication_role = replica} (no foreign-key or immutability triggers, as a restore writes them);
 * {@link #check} then proves them consistent: every balance the sum of its ledger and the last row's balance, ledger
 * sequences gap-free, invoice numbers unique and each one in {@code invoice_numbers}.
 */
final class ConsoleSeed {

    static final List<String> PLANS = List.of("console-a", "console-b", "console-c");

    /** Ledger line {@code s} of a wallet: odd lines recharge 10.00, even lines pay 5.00 (balance never negative). */
    private static final String AMOUNT = "(case when s % 2 = 1 then 10.00 else -5.00 end)";
    private static final String BALANCE_AFTER = "(10.00 * ((s + 1) / 2) - 5.00 * (s / 2))";

    private ConsoleSeed() {
    }

    record Counts(int tenants, int invoices, int lines, int heavyInvoices, int heavyLines) {

        static Counts of(double scale) {
            int tenants = (int) Math.max(100, Math.round(10_000 * scale));
            int invoices = (int) Math.round(1_000_000 * scale);
            int lines = (int) Math.round(5_000_000 * scale);
            int heavyInvoices = Math.max(100, invoices / 200);
            int heavyLines = Math.max(500, lines / 200);
            return new Counts(tenants, invoices, lines, heavyInvoices, heavyLines);
        }

        int invoicesPerTenant() {
            return Math.max(0, (invoices - heavyInvoices) / tenants);
        }

        int linesPerTenant() {
            return Math.max(1, (lines - heavyLines) / tenants);
        }
    }

    static void seed(Connection c, Counts n, UUID heavy, Instant now) throws SQLException {
        Timestamp at = Timestamp.from(now);
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        String plan = "(array['console-a', 'console-b', 'console-c'])[1 + g % 3]";
        c.setAutoCommit(false);
        update(c, "set local session_replication_role = replica");
        // Tenants created over the last two years, a few suspended, a few in trial.
        update(c, """
                insert into tenants (id, slug, name, status, plan_slug, contact, timezone, currency, locale, features,
                                     created_at, updated_at)
                select md5('console-' || g)::uuid, 'console-' || g, 'Console Tenant ' || g,
                       case when g %% 50 = 0 then 'suspended' when g %% 20 = 0 then 'trial' else 'active' end, %s,
                       jsonb_build_object('email', 'owner@console-' || g || '.test',
                                          'billingEmail', 'billing@console-' || g || '.test', 'country', 'US'),
                       'UTC', 'USD', 'en-US', '{}', ?::timestamptz - g * interval '1 hour', ?
                from generate_series(1, ?) g""".formatted(plan), at, at, n.tenants());
        update(c, """
                insert into subscriptions (id, tenant_id, plan_slug, cycle, status, timezone, anchor_date,
                                           period_number, period_start, period_end, starts_at, expires_at,
                                           auto_renew, cancel_at_period_end, version, created_at, updated_at)
                select md5('console-subscription-' || g)::uuid, md5('console-' || g)::uuid, %s, 'monthly',
                       case when g %% 50 = 0 then 'suspended' when g %% 20 = 0 then 'trial' else 'active' end, 'UTC',
                       ?, 1, ?, ?, ?, ?, true, false, 1, ?, ?
                from generate_series(1, ?) g""".formatted(plan), Date.valueOf(today.minusDays(10)),
                Date.valueOf(today.minusDays(10)), Date.valueOf(today.minusDays(10).plusMonths(1)),
                Timestamp.from(today.minusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant()),
                Timestamp.from(today.minusDays(10).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant()), at, at,
                n.tenants());
        update(c, """
                insert into tenant_users (tenant_id, id, email, name, role, active, created_at)
                select md5('console-' || g)::uuid, md5('console-user-' || g)::uuid, 'staff@console-' || g || '.test',
                       'Staff of ' || g, 'tenant_staff', true, ?
                from generate_series(100, ?, 100) g""", at, n.tenants());

        int per = n.linesPerTenant();
        update(c, """
                insert into wallets (tenant_id, currency, balance, transactions, created_at, updated_at)
                select md5('console-' || g)::uuid, 'USD', %s, ?, ?, ?
                from generate_series(1, ?) g, (select ?::bigint as s) last""".formatted(BALANCE_AFTER),
                per, at, at, n.tenants(), per);
        update(c, """
                insert into wallet_transactions (tenant_id, id, seq, type, amount, balance_after, currency, reference,
                                                 description, metadata, created_by, created_at)
                select md5('console-' || g)::uuid, md5('console-line-' || g || '-' || s)::uuid, s,
                       case when s %% 2 = 1 then 'recharge' else 'subscription_payment' end, %s, %s, 'USD',
                       'bench-' || s, 'Seeded movement ' || s, '{}', 'bench',
                       ?::timestamptz - (? - s) * interval '1 hour'
                from generate_series(1, ?) g, generate_series(1, ?) s""".formatted(AMOUNT, BALANCE_AFTER),
                at, per, n.tenants(), per);
        // The tenant with much history: its ledger goes on from what the API wrote.
        update(c, """
                insert into wallet_transactions (tenant_id, id, seq, type, amount, balance_after, currency, reference,
                                                 description, metadata, created_by, created_at)
                select w.tenant_id, md5('console-heavy-line-' || s)::uuid, w.transactions + s,
                       case when s %% 2 = 1 then 'recharge' else 'subscription_payment' end, %s, w.balance + %s, 'USD',
                       'bench-' || s, 'Seeded movement ' || s, '{}', 'bench',
                       ?::timestamptz - (? - s) * interval '1 minute'
                from wallets w, generate_series(1, ?) s where w.tenant_id = ?""".formatted(AMOUNT, BALANCE_AFTER),
                at, n.heavyLines(), n.heavyLines(), heavy);
        update(c, """
                update wallets set balance = balance + %s, transactions = transactions + s, updated_at = ?
                from (select ?::bigint as s) last where tenant_id = ?""".formatted(BALANCE_AFTER), at,
                n.heavyLines(), heavy);

        invoices(c, n, heavy, now);
        c.commit();
        c.setAutoCommit(true);
    }

    /** Numbered CB-{tenant}-{k}; one in ten still open (issued, due ahead), the others paid. */
    private static void invoices(Connection c, Counts n, UUID heavy, Instant now) throws SQLException {
        Timestamp at = Timestamp.from(now);
        String party = """
                jsonb_build_object('name', %s, 'addressLines', jsonb_build_array('1 Main Street', 'Springfield'),
                                   'country', 'US', 'taxId', null, 'email', %s)""";
        String columns = """
                insert into invoices (tenant_id, id, number, type, status, currency, subtotal, tax_total, total,
                                      amount_paid, amount_refunded, taxable, timezone, issue_date, due_date, issued_at,
                                      paid_at, idempotency_key, request_hash, buyer, seller, created_by, created_at,
                                      updated_at)
                """;
        String values = """
                select %s, %s, %s, 'subscription', case when k %% 10 = 0 then 'issued' else 'paid' end, 'USD',
                       10.00, 1.00, 11.00, case when k %% 10 = 0 then 0 else 11.00 end, 0, true, 'UTC',
                       (?::date - (? - k)), (?::date - (? - k) + 14),
                       ?::timestamptz - (? - k) * interval '1 day',
                       case when k %% 10 = 0 then null else ?::timestamptz - (? - k) * interval '1 day' end,
                       'bench-' || k, 'bench', %s, %s, 'bench', ?, ?
                """;
        Date today = Date.valueOf(now.atOffset(ZoneOffset.UTC).toLocalDate());
        int per = n.invoicesPerTenant();
        if (per > 0) {
            update(c, columns + values.formatted("md5('console-' || g)::uuid",
                    "md5('console-invoice-' || g || '-' || k)::uuid", "'CB-' || g || '-' || k",
                    party.formatted("'Console Tenant ' || g", "'billing@console-' || g || '.test'"),
                    party.formatted("'Atrium Bench Inc.'", "'billing@atrium.test'"))
                    + " from generate_series(1, ?) g, generate_series(1, ?) k",
                    today, per, today, per, at, per, at, per, at, at, n.tenants(), per);
        }
        update(c, columns + values.formatted("?::uuid", "md5('console-heavy-invoice-' || k)::uuid",
                "'CB-H-' || k", party.formatted("'The tenant with history'", "'billing@heavy.test'"),
                party.formatted("'Atrium Bench Inc.'", "'billing@atrium.test'"))
                + " from generate_series(1, ?) k", heavy, today, n.heavyInvoices(), today, n.heavyInvoices(), at,
                n.heavyInvoices(), at, n.heavyInvoices(), at, at, n.heavyInvoices());
        update(c, """
                insert into invoice_numbers (number, tenant_id, invoice_id)
                select number, tenant_id, id from invoices where created_by = 'bench'""");
    }

    /** The consistency checks of the seeded data; an empty list when all hold. */
    static List<String> check(Connection c) throws SQLException {
        List<String> failures = new ArrayList<>();
        expectZero(c, failures, "wallets whose balance is not the sum of their ledger, or whose count is off", """
                select count(*) from wallets w
                left join (select tenant_id, sum(amount) as total, count(*) as rows, max(seq) as last
                           from wallet_transactions group by tenant_id) t on t.tenant_id = w.tenant_id
                where w.balance <> coalesce(t.total, 0) or w.transactions <> coalesce(t.rows, 0)
                   or coalesce(t.last, 0) <> coalesce(t.rows, 0)""");
        expectZero(c, failures, "ledger rows whose balance_after is not the running sum", """
                select count(*) from (select balance_after,
                                             sum(amount) over (partition by tenant_id order by seq) as running
                                      from wallet_transactions) x where balance_after <> running""");
        expectZero(c, failures, "duplicate invoice numbers", """
                select count(*) from (select number from invoices where number is not null
                                      group by number having count(*) > 1) d""");
        expectZero(c, failures, "invoices missing from invoice_numbers", """
                select count(*) from invoices i where i.number is not null
                  and not exists (select 1 from invoice_numbers n where n.number = i.number)""");
        return failures;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void expectZero(Connection c, List<String> failures, String what, String sql) throws SQLException {
        long found = count(c, sql);
        System.out.printf("CHECK %-6s no %s%s%n", found == 0 ? "ok" : "FAILED", what,
                found == 0 ? "" : " (" + found + ")");
        if (found != 0) {
            failures.add(what);
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
