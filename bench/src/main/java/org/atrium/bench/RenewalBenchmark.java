package org.atrium.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.atrium.audit.AuditLog;
import org.atrium.audit.ChainVerification;
import org.atrium.operations.Settings;
import org.atrium.platform.AdjustableClock;
import org.atrium.subscriptions.BillingCalendar;
import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.LifecycleRuns;
import org.atrium.wallet.WalletDiscrepancy;
import org.atrium.wallet.Wallets;

/**
 * The daily lifecycle run renewing many active subscriptions due on the same day, durable on commit (fsync and
 * synchronous commit on). Each renewal is the real one: wallet debit, subscription invoice with a 10 % exclusive tax,
 * new period, audit events, notification outbox row and history. Baseline: a plain JDBC batch insert of as many rows
 * into a table of the same shape as {@code wallet_transactions} (without its constraints, indexes and triggers), one
 * commit per 100 rows as the run commits one chunk of 100 tenants. Afterwards every result is checked against amounts
 * worked out by hand; the exit code is 1 if any check fails.
 * <p>
 * The tenants, wallets (one seeded {@code recharge} ledger row each) and subscriptions are seeded with set-based SQL.
 * A smaller set of tenants (a tenth, at most 5,000) due the day before is renewed first, untimed, to warm the JIT up.
 * <p>
 * Arguments: {@code [tenants, default 100000] [--statements] [--non-durable]}; with {@code --statements} PostgreSQL
 * loads {@code pg_stat_statements} and the statements of the timed run are printed per renewal; with
 * {@code --non-durable} PostgreSQL runs with {@code fsync} and {@code synchronous_commit} off, to measure what
 * durability costs (said on every line of the result: it is not a setting to run Atrium with).
 */
public final class RenewalBenchmark {

    private static final int BASELINE_COMMIT_EVERY = 100;
    private static final String ZONE = "UTC";
    private static final BigDecimal SEEDED_BALANCE = new BigDecimal("100.00");

    /**
     * A plan of the benchmark and its invoice worked out by hand: tax = price × 10 %, HALF_EVEN to cents.
     */
    record BenchPlan(String slug, String price, String tax, String total, String balanceAfter) {
    }

    static final List<BenchPlan> PLANS = List.of(
            // 2.985: a tie, to the even cent below
            new BenchPlan("renew-a", "29.85", "2.98", "32.83", "67.17"),
            // 2.995: a tie, to the even cent above
            new BenchPlan("renew-b", "29.95", "3.00", "32.95", "67.05"),
            // 1.999: no tie
            new BenchPlan("renew-c", "19.99", "2.00", "21.99", "78.01"));

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 100_000;
        boolean statements = Arrays.asList(args).contains("--statements");
        boolean durable = !Arrays.asList(args).contains("--non-durable");
        if (!durable) {
            System.out.println("NOT DURABLE: fsync and synchronous_commit off, to measure what durability costs;"
                    + " never a production setting (acknowledged commits can be lost, a power loss can corrupt the"
                    + " cluster)");
        }
        // Enough for C2 to have compiled the renewal path: a server renewing at 01:00 has been running for a while.
        int warmUp = Math.min(5_000, Math.max(100, count / 10));
        handWorkedAmountsHold();
        List<String> failures = new ArrayList<>();
        // No scheduled daily run and no mail delivery beside the measured run: the first would race it, the second
        // measures an SMTP server that is not there.
        try (BenchServer server = BenchServer.launch(durable,
                statements ? Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track",
                        "all", "pg_stat_statements.track_planning", "on") : Map.of(),
                "atrium.scheduler.enabled=false", "atrium.notifications.dispatcher.enabled=false")) {
            new RenewalBenchmark(server, count, warmUp, statements, durable, failures).run();
        }
        System.out.println(failures.isEmpty() ? "RESULT all checks passed"
                : "RESULT " + failures.size() + " checks FAILED: " + failures);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** The hand-worked amounts above agree with HALF_EVEN arithmetic (a typo here would fail every check). */
    private static void handWorkedAmountsHold() {
        for (BenchPlan plan : PLANS) {
            BigDecimal price = new BigDecimal(plan.price());
            BigDecimal tax = price.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_EVEN);
            if (tax.compareTo(new BigDecimal(plan.tax())) != 0
                    || price.add(tax).compareTo(new BigDecimal(plan.total())) != 0
                    || SEEDED_BALANCE.subtract(price.add(tax)).compareTo(new BigDecimal(plan.balanceAfter())) != 0) {
                throw new IllegalStateException("Hand-worked amounts of " + plan + " are wrong");
            }
        }
    }

    private final BenchServer server;
    private final DataSource dataSource;
    private final int count;
    private final int warmUp;
    private final boolean statements;
    private final boolean durable;
    private final List<String> failures;
    private final AdjustableClock clock;
    private final LifecycleRuns runs;

    private RenewalBenchmark(BenchServer server, int count, int warmUp, boolean statements, boolean durable,
            List<String> failures) {
        this.server = server;
        this.dataSource = server.context.getBean(DataSource.class);
        this.count = count;
        this.warmUp = warmUp;
        this.statements = statements;
        this.durable = durable;
        this.failures = failures;
        this.clock = server.context.getBean(AdjustableClock.class);
        this.runs = server.context.getBean(LifecycleRuns.class);
    }

    private void run() throws Exception {
        for (BenchPlan plan : PLANS) {
            server.post("/api/v1/plans", """
                    {"slug": "%s", "name": "Plan %s", "currency": "USD", "prices": {"monthly": %s},
                     "limits": {"max_shipments": 1000}, "features": {"api_access": true}}
                    """.formatted(plan.slug(), plan.slug(), plan.price()));
        }
        server.context.getBean(Settings.class).update("""
                {"taxRates": [{"code": "sales", "name": "Sales tax 10%", "rate": 10, "inclusive": false}]}""", null);

        // The timed tenants' period ends on a day the month after has too (so that the next period ends on the same
        // day of the month), at least two days ahead so that the warm-up tenants' end, the day before, is ahead too.
        LocalDate today = BillingCalendar.dateOf(clock.instant(), ZoneOffset.UTC);
        LocalDate dueDay = today.plusDays(2);
        while (dueDay.getDayOfMonth() < 2 || dueDay.getDayOfMonth() > 28) {
            dueDay = dueDay.plusDays(1);
        }
        LocalDate warmUpDay = dueDay.minusDays(1);

        long seedStart = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            seed(c, 1, count, dueDay);
            seed(c, count + 1, count + warmUp, warmUpDay);
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
                s.execute("checkpoint");
                s.execute("create table bench_wallet_transactions (like wallet_transactions including defaults)");
                if (statements) {
                    s.execute("create extension if not exists pg_stat_statements");
                }
            }
            System.out.printf("PostgreSQL fsync=%s synchronous_commit=%s; %d tenants due on %s (+%d for warm-up)"
                    + ", seeded in %.1f s; %d cores%n", setting(c, "fsync"), setting(c, "synchronous_commit"), count,
                    dueDay, warmUp, (System.nanoTime() - seedStart) / 1e9, Runtime.getRuntime().availableProcessors());
        }

        clock.advanceTo(BillingCalendar.startOf(warmUpDay, ZoneOffset.UTC).plusSeconds(3600));
        long warm = System.nanoTime();
        List<LifecycleAction> warmed = runs.run(false);
        System.out.printf("warm-up run        %9.0f renewals/s  (%d renewals in %.2f s)%n",
                warmed.size() / ((System.nanoTime() - warm) / 1e9), warmed.size(), (System.nanoTime() - warm) / 1e9);
        expectRenewals("warm-up run", warmed, warmUp);
        baseline(warmUp, 0);
        awaitEventPublications();

        // Statistics as autovacuum keeps them on a platform that has been running: without them, plans cached by the
        // pool's sessions while the tables were still empty (foreign key checks, the audit chain's lookup of the last
        // row) scan whole tables until autovacuum gets round to analysing them.
        execute("analyze");
        double baseline = baseline(count, 1);
        execute("checkpoint");
        clock.advanceTo(BillingCalendar.startOf(dueDay, ZoneOffset.UTC).plusSeconds(3600));
        if (statements) {
            execute("select pg_stat_statements_reset()");
        }
        Cost cost = Cost.now(server, dataSource);
        long start = System.nanoTime();
        List<LifecycleAction> actions = runs.run(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        Cost used = Cost.now(server, dataSource).minus(cost);
        double renewals = actions.size() / seconds;
        System.out.printf("lifecycle run      %9.0f renewals/s  (%d renewals in %.2f s)%n", renewals, actions.size(),
                seconds);
        System.out.printf("per renewal        %s%n", used.per(actions.size()));
        if (statements) {
            printStatements(actions.size());
        }
        double drained = awaitEventPublications();
        System.out.printf("after-commit listeners of the run done %.2f s after it returned%n", drained);
        System.out.printf("%nRESULT renewals %.0f /s, baseline %.0f rows/s, ratio %.1f %% (target: >= 1,000 renewals/s)%s%n%n",
                renewals, baseline, 100.0 * renewals / baseline,
                durable ? "" : " NOT DURABLE (fsync and synchronous_commit off): not a production figure");

        expectRenewals("timed run", actions, count);
        check(dueDay, warmUpDay);
        List<LifecycleAction> again = runs.run(false);
        verify("a second run changes nothing", again.isEmpty(), again.size() + " actions");
        verify("the second run issued no invoice", invoices() == count + warmUp, invoices() + " invoices");
    }

    // ------------------------------------------------------------------------------------------------- seeding

    /** Tenants {@code from..to} (1-based): active, on a paid monthly plan whose period ends on {@code end}. */
    private void seed(Connection c, int from, int to, LocalDate end) throws SQLException {
        LocalDate anchor = end.minusMonths(1);
        Timestamp now = Timestamp.from(clock.instant());
        String plan = "(array[" + String.join(", ", PLANS.stream().map(p -> "'" + p.slug() + "'").toList())
                + "])[1 + g % " + PLANS.size() + "]";
        update(c, """
                insert into tenants (id, slug, name, status, plan_slug, contact, timezone, currency, locale, features,
                                     created_at, updated_at)
                select md5('tenant-' || g)::uuid, 'renewal-' || g, 'Renewal Tenant ' || g, 'active', %s,
                       jsonb_build_object('email', 'owner@renewal-' || g || '.test',
                                          'billingEmail', 'billing@renewal-' || g || '.test',
                                          'addressLine1', g || ' Main Street', 'city', 'Springfield',
                                          'postalCode', '12345', 'country', 'US'),
                       '%s', 'USD', 'en-US', '{}', ?, ?
                from generate_series(?, ?) g""".formatted(plan, ZONE), now, now, from, to);
        update(c, """
                insert into wallets (tenant_id, currency, balance, transactions, created_at, updated_at)
                select md5('tenant-' || g)::uuid, 'USD', ?, 1, ?, ?
                from generate_series(?, ?) g""", SEEDED_BALANCE, now, now, from, to);
        update(c, """
                insert into wallet_transactions (tenant_id, id, seq, type, amount, balance_after, currency, reference,
                                                 gateway, description, metadata, created_by, created_at)
                select md5('tenant-' || g)::uuid, md5('recharge-' || g)::uuid, 1, 'recharge', ?, ?, 'USD',
                       'seed-recharge-' || g, null, 'Seeded balance', '{}', 'bench', ?
                from generate_series(?, ?) g""", SEEDED_BALANCE, SEEDED_BALANCE, now, from, to);
        update(c, """
                insert into subscriptions (id, tenant_id, plan_slug, cycle, status, timezone, anchor_date,
                                           period_number, period_start, period_end, starts_at, expires_at,
                                           auto_renew, cancel_at_period_end, version, created_at, updated_at)
                select md5('subscription-' || g)::uuid, md5('tenant-' || g)::uuid, %s, 'monthly', 'active', '%s',
                       ?, 1, ?, ?, ?, ?, true, false, 1, ?, ?
                from generate_series(?, ?) g""".formatted(plan, ZONE), Date.valueOf(anchor), Date.valueOf(anchor),
                Date.valueOf(end), Timestamp.from(BillingCalendar.startOf(anchor, ZoneOffset.UTC)),
                Timestamp.from(BillingCalendar.startOf(end, ZoneOffset.UTC)), now, now, from, to);
    }

    // ------------------------------------------------------------------------------------------------ baseline

    /** Inserts {@code rows} ledger-shaped rows with a plain JDBC batch, one commit per 100; returns rows/s. */
    private double baseline(int rows, int round) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        Cost cost = Cost.now(server, dataSource);
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into bench_wallet_transactions (tenant_id, id, seq, type, amount, balance_after, currency,
                                                           reference, gateway, description, metadata, created_by,
                                                           created_at)
                    values (?, ?, 2, 'subscription_payment', ?, ?, 'USD', ?, null, ?, cast(? as jsonb), 'system', ?)
                    """)) {
                BigDecimal amount = new BigDecimal("-32.83");
                BigDecimal after = new BigDecimal("67.17");
                for (int i = 0; i < rows; i++) {
                    UUID invoice = UUID.randomUUID();
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, UUID.randomUUID());
                    insert.setBigDecimal(3, amount);
                    insert.setBigDecimal(4, after);
                    insert.setString(5, "subscription:" + UUID.randomUUID() + ":" + round + ":" + i);
                    insert.setString(6, "Payment of invoice subscription:" + invoice);
                    insert.setString(7, "{\"invoiceId\": \"" + invoice + "\"}");
                    insert.setTimestamp(8, now);
                    insert.addBatch();
                    if ((i + 1) % BASELINE_COMMIT_EVERY == 0 || i == rows - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Cost used = Cost.now(server, dataSource).minus(cost);
        double rate = rows / seconds;
        System.out.printf("%-18s %9.0f rows/s      (%d rows in %.2f s)%n",
                round == 0 ? "warm-up (jdbc)" : "plain JDBC batch", rate, rows, seconds);
        if (round > 0) {
            System.out.printf("per row            %s%n", used.per(rows));
        }
        return rate;
    }

    // --------------------------------------------------------------------------------------------------- checks

    private void expectRenewals(String run, List<LifecycleAction> actions, int expected) {
        long renewed = actions.stream().filter(a -> a.action().equals("renewed")).count();
        verify(run + ": " + expected + " renewals and nothing else", renewed == expected && actions.size() == expected,
                renewed + " renewals of " + actions.size() + " actions");
    }

    private void check(LocalDate dueDay, LocalDate warmUpDay) throws SQLException {
        int total = count + warmUp;
        String plans = "(values " + String.join(", ", PLANS.stream().map(p -> "('%s', %s, %s, %s, %s)"
                .formatted(p.slug(), p.price(), p.tax(), p.total(), p.balanceAfter())).toList())
                + ") as p(slug, price, tax, total, balance_after)";

        verify("one subscription invoice per tenant", query("""
                select count(*) = ? and count(distinct tenant_id) = ? from invoices where type = 'subscription'
                """, total, total), invoices() + " invoices");
        verify("every invoice paid from the wallet, with subtotal, tax and total worked out by hand", count("""
                select count(*) from invoices i
                join subscriptions s on s.tenant_id = i.tenant_id
                join %s on p.slug = s.plan_slug
                where i.type = 'subscription' and i.status = 'paid' and i.currency = 'USD' and i.taxable
                  and i.subtotal = p.price and i.tax_total = p.tax and i.total = p.total and i.amount_paid = p.total
                  and i.amount_refunded = 0 and i.paid_at is not null
                  and (select count(*) from invoice_lines l where l.tenant_id = i.tenant_id and l.invoice_id = i.id) = 1
                  and exists (select 1 from invoice_lines l
                              where l.tenant_id = i.tenant_id and l.invoice_id = i.id and l.position = 1
                                and l.quantity = 1 and l.unit_price = p.price and l.amount = p.price
                                and l.period_from = s.period_start and l.period_to = s.period_end - 1)
                  and (select count(*) from invoice_tax_lines t where t.tenant_id = i.tenant_id and t.invoice_id = i.id) = 1
                  and exists (select 1 from invoice_tax_lines t
                              where t.tenant_id = i.tenant_id and t.invoice_id = i.id and t.rate = 10
                                and not t.inclusive and t.base = p.price and t.amount = p.tax)
                  and (select count(*) from invoice_payments ip where ip.tenant_id = i.tenant_id and ip.invoice_id = i.id) = 1
                  and exists (select 1 from invoice_payments ip
                              where ip.tenant_id = i.tenant_id and ip.invoice_id = i.id and ip.method = 'wallet'
                                and ip.amount = p.total)
                """.formatted(plans)) == total, null);
        verify("invoice numbers gap-free from 1", query("""
                select count(*) = ? and count(distinct number) = ? and min(n) = 1 and max(n) = ?
                from (select number, substring(number from '[0-9]+$')::bigint as n from invoices) x
                """, total, total, total) && count("select count(*) from invoice_numbers") == total, null);
        verify("every subscription one cycle on, active", count("""
                select count(*) from subscriptions
                where status = 'active' and period_number = 2 and version = 2 and open_invoice is null
                  and period_start = (anchor_date + interval '1 month')::date
                  and period_end = (anchor_date + interval '2 months')::date
                  and starts_at = period_start::timestamp at time zone 'UTC'
                  and expires_at = period_end::timestamp at time zone 'UTC'
                """) == total
                && count("select count(*) from subscriptions where period_start = ?", Date.valueOf(dueDay)) == count
                && count("select count(*) from subscriptions where period_start = ?", Date.valueOf(warmUpDay)) == warmUp,
                null);
        verify("every wallet debited once by the invoice total", count("""
                select count(*) from wallets w
                join subscriptions s on s.tenant_id = w.tenant_id
                join %s on p.slug = s.plan_slug
                join invoices i on i.tenant_id = w.tenant_id and i.type = 'subscription'
                join wallet_transactions t on t.tenant_id = w.tenant_id and t.seq = 2
                where w.balance = p.balance_after and w.transactions = 2
                  and t.type = 'subscription_payment' and t.amount = -p.total and t.balance_after = p.balance_after
                  and t.reference = i.idempotency_key
                  and t.reference = 'subscription:' || s.id || ':' || s.period_start
                """.formatted(plans)) == total, null);
        List<WalletDiscrepancy> discrepancies = server.context.getBean(Wallets.class).verifyAll();
        verify("Wallets#verifyAll() finds nothing", discrepancies.isEmpty(), discrepancies.size() + " discrepancies");
        verify("one renewal notice per tenant, mailed and in-app", query("""
                select count(*) = ? and count(distinct tenant_id) = ? and bool_and(status = 'pending')
                from notification_outbox where type = 'subscription.renewed'
                """, total, total) && count("select count(*) from in_app_notifications") == total, null);
        verify("one history row per renewal", count(
                "select count(*) from subscription_history where event = 'renewed' and from_status = 'active'") == total,
                null);
        ChainVerification chain = server.context.getBean(AuditLog.class).verify();
        verify("AuditLog#verify(): the audit chain is intact", chain.valid(), chain.toString());
        for (String type : List.of("saas.subscription.auto_renewed", "saas.wallet.debited", "saas.invoice.issued",
                "saas.invoice.paid")) {
            verify("one " + type + " audit event per tenant",
                    count("select count(*) from audit_events where event_type = ? and actor_id = 'system'", type) == total,
                    null);
        }
    }

    private int invoices() throws SQLException {
        return (int) count("select count(*) from invoices");
    }

    private void verify(String what, boolean ok, String detail) {
        System.out.printf("CHECK %-6s %s%s%n", ok ? "ok" : "FAILED", what, detail == null ? "" : " (" + detail + ")");
        if (!ok) {
            failures.add(what);
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /**
     * CPU time used so far by this thread, this JVM and the benchmark's PostgreSQL (the postmaster, its live
     * processes, and those it has reaped), in nanoseconds, and the WAL written so far, in bytes. On a machine shared
     * with other work, throughput depends on what else runs; the CPU a renewal costs much less so.
     */
    record Cost(long thread, long threads, long jvm, long postgres, long wal) {

        static Cost now(BenchServer server, DataSource dataSource) throws SQLException {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long threads = 0;
            for (long id : mx.getAllThreadIds()) {
                threads += Math.max(0, mx.getThreadCpuTime(id));
            }
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            long wal;
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")) {
                rs.next();
                wal = rs.getLong(1);
            }
            return new Cost(mx.getCurrentThreadCpuTime(), threads, jvm, postgresCpu(server), wal);
        }

        Cost minus(Cost earlier) {
            return new Cost(thread - earlier.thread, threads - earlier.threads, jvm - earlier.jvm,
                    postgres < 0 || earlier.postgres < 0 ? -1 : postgres - earlier.postgres, wal - earlier.wal);
        }

        /** The JVM's time in this thread, in its other Java threads (listeners, pools) and in GC, JIT and the VM. */
        String per(int count) {
            return "CPU %.3f ms JVM (%.3f this thread, %.3f other threads, %.3f GC/JIT/VM), %s PostgreSQL; WAL %.1f kB"
                    .formatted(jvm / 1e6 / count, thread / 1e6 / count, (threads - thread) / 1e6 / count,
                            (jvm - threads) / 1e6 / count,
                            postgres < 0 ? "unknown" : "%.3f ms".formatted(postgres / 1e6 / count),
                            wal / 1024.0 / count);
        }

        /** From /proc (Linux); -1 where it cannot be read. */
        private static long postgresCpu(BenchServer server) {
            try {
                long postmaster = Long.parseLong(java.nio.file.Files
                        .readAllLines(server.dataDirectory.resolve("postmaster.pid")).get(0).strip());
                long ticks = 0;
                try (var processes = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                    for (java.nio.file.Path process : (Iterable<java.nio.file.Path>) processes::iterator) {
                        String name = process.getFileName().toString();
                        if (!name.chars().allMatch(Character::isDigit)) {
                            continue;
                        }
                        String[] stat;
                        try {
                            String line = java.nio.file.Files.readString(process.resolve("stat"));
                            stat = line.substring(line.lastIndexOf(')') + 2).split(" ");
                        } catch (java.io.IOException gone) {
                            continue;
                        }
                        // stat fields after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
                        long pid = Long.parseLong(name);
                        if (pid == postmaster) {
                            ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13])
                                    + Long.parseLong(stat[14]);
                        } else if (Long.parseLong(stat[1]) == postmaster) {
                            ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                        }
                    }
                }
                return ticks * 10_000_000L; // USER_HZ is 100 on Linux
            } catch (Exception e) {
                return -1;
            }
        }
    }

    /** Waits until every event publication of the run has been handled; returns the seconds waited. */
    private double awaitEventPublications() throws Exception {
        long start = System.nanoTime();
        long open;
        while ((open = count("select count(*) from event_publication where completion_date is null")) > 0) {
            if (System.nanoTime() - start > 600e9) {
                verify("event publications completed", false, open + " still open after 10 minutes");
                break;
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void printStatements(int renewals) throws SQLException {
        System.out.printf("%nstatements of the timed run (pg_stat_statements), per renewal:%n");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select calls, total_exec_time, total_plan_time, toplevel,
                       regexp_replace(query, '\\s+', ' ', 'g') as query
                from pg_stat_statements
                where query not like '%pg_stat_statements%'
                order by total_exec_time + total_plan_time desc limit 40""")) {
            try (ResultSet rs = s.executeQuery()) {
                double calls = 0;
                double millis = 0;
                double planning = 0;
                while (rs.next()) {
                    String query = rs.getString("query");
                    System.out.printf("%6.2f calls %8.3f ms (planning %6.3f ms) %s %s%n",
                            rs.getLong("calls") / (double) renewals, rs.getDouble("total_exec_time") / renewals,
                            rs.getDouble("total_plan_time") / renewals, rs.getBoolean("toplevel") ? "top   " : "nested",
                            query.length() > 100 ? query.substring(0, 100) + "…" : query);
                    if (rs.getBoolean("toplevel")) {
                        calls += rs.getLong("calls");
                        millis += rs.getDouble("total_exec_time");
                        planning += rs.getDouble("total_plan_time");
                    }
                }
                System.out.printf("top-level statements shown: %.1f per renewal, executing %.3f ms and planning %.3f ms"
                        + " per renewal%n%n", calls / renewals, millis / renewals, planning / renewals);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select current_setting(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
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

    private long count(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private boolean query(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
