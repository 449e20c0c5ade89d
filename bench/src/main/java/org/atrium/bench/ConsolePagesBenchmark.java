package org.atrium.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.atrium.platform.AdjustableClock;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-side latency of every console page (HQ and portal) on a platform with 10,000 tenants, 1,000,000 invoices
 * and 5,000,000 ledger lines ({@link ConsoleSeed}), against a trivial page of the same server (a static asset,
 * through the same filters and session) in the same run. One signed-in session per console (a super_admin with the
 * second factor enrolled, a tenant admin), one request at a time on a keep-alive loopback connection; each page is
 * warmed up, then requested until {@link #SAMPLES} answers or {@link #BUDGET} have passed.
 * <p>
 * Arguments: {@code [scale, default 1] [--explain]}; scale 0.1 seeds a tenth of everything. With {@code --explain}
 * the slowest statements of the measured requests (pg_stat_statements, always loaded) are explained with
 * {@code explain (analyze, buffers)} where their text can be run as it is (no parameters).
 */
public final class ConsolePagesBenchmark {

    private static final int WARM_UP = 30;
    private static final int SAMPLES = 300;
    private static final Duration BUDGET = Duration.ofSeconds(8);
    private static final String PASSWORD = "bench-page-password-123";

    enum Group {
        BASELINE(0), HQ(300), SEARCH(100), PORTAL(200);

        final double targetP95;

        Group(double targetP95) {
            this.targetP95 = targetP95;
        }
    }

    /**
     * A page measured: its console, name and path ({@code {slug}} is the tenant with history). {@code optional}
     * pages may not be built yet: a 404 is reported as absent rather than a failure.
     */
    record Page(Group group, String name, String path, boolean optional) {
    }

    /** Every console page, one line each. */
    static final List<Page> PAGES = List.of(
            new Page(Group.BASELINE, "static asset (baseline)", "/css/atrium.css", false),
            new Page(Group.HQ, "hq dashboard", "/hq", true),
            new Page(Group.HQ, "hq tenants: first page", "/hq/tenants", false),
            new Page(Group.SEARCH, "hq tenants: search slug", "/hq/tenants?q=console-4711", false),
            new Page(Group.SEARCH, "hq tenants: search name", "/hq/tenants?q=Console+Tenant+9876", false),
            new Page(Group.SEARCH, "hq tenants: search email", "/hq/tenants?q=billing%40console-1234.test", false),
            new Page(Group.SEARCH, "hq tenants: search, no match", "/hq/tenants?q=nothing-like-this", false),
            new Page(Group.HQ, "hq tenants: status+plan filter", "/hq/tenants?status=suspended&plan=console-b", false),
            new Page(Group.HQ, "hq tenants: balance below", "/hq/tenants?balanceBelow=5", false),
            new Page(Group.HQ, "hq tenants: created range", "/hq/tenants?createdFrom=2026-01-01&createdTo=2026-06-30",
                    false),
            new Page(Group.HQ, "hq tenants: sort by name", "/hq/tenants?sort=name,asc", false),
            new Page(Group.HQ, "hq tenants: deep page (400)", "/hq/tenants?page=400", false),
            new Page(Group.HQ, "hq tenant: overview", "/hq/tenants/{slug}", false),
            new Page(Group.HQ, "hq tenant: subscription", "/hq/tenants/{slug}/subscription", false),
            new Page(Group.HQ, "hq tenant: usage", "/hq/tenants/{slug}/usage", false),
            new Page(Group.HQ, "hq tenant: wallet + ledger", "/hq/tenants/{slug}/wallet", false),
            new Page(Group.HQ, "hq tenant: wallet, last page", "/hq/tenants/{slug}/wallet?page=99", false),
            new Page(Group.HQ, "hq tenant: invoices", "/hq/tenants/{slug}/invoices", false),
            new Page(Group.HQ, "hq tenant: settings", "/hq/tenants/{slug}/settings", false),
            new Page(Group.HQ, "hq tenant: overrides", "/hq/tenants/{slug}/overrides", false),
            new Page(Group.HQ, "hq tenant: team", "/hq/tenants/{slug}/team", false),
            new Page(Group.HQ, "hq tenant: audit", "/hq/tenants/{slug}/audit", false),
            new Page(Group.HQ, "hq plans", "/hq/plans", true),
            new Page(Group.HQ, "hq invoices", "/hq/invoices", true),
            new Page(Group.HQ, "hq payments", "/hq/payments", true),
            new Page(Group.HQ, "hq audit", "/hq/audit", true),
            new Page(Group.HQ, "hq settings", "/hq/settings", true),
            new Page(Group.HQ, "hq lifecycle", "/hq/lifecycle", true),
            new Page(Group.PORTAL, "portal home", "/t/{slug}/portal", false),
            new Page(Group.PORTAL, "portal usage", "/t/{slug}/portal/usage", false),
            new Page(Group.PORTAL, "portal wallet", "/t/{slug}/portal/wallet", false),
            new Page(Group.PORTAL, "portal invoices", "/t/{slug}/portal/invoices", false),
            new Page(Group.PORTAL, "portal plan", "/t/{slug}/portal/plan", false),
            new Page(Group.PORTAL, "portal plan change quote", "/t/{slug}/portal/plan/quote?plan=console-c", false),
            new Page(Group.PORTAL, "portal team", "/t/{slug}/portal/team", false),
            new Page(Group.PORTAL, "portal settings", "/t/{slug}/portal/settings", false),
            new Page(Group.PORTAL, "portal notifications", "/t/{slug}/portal/notifications", false),
            new Page(Group.PORTAL, "portal security", "/t/{slug}/portal/security", false));

    record Result(Page page, String outcome, int samples, double p50, double p95, double p99) {
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 && !args[0].startsWith("--") ? Double.parseDouble(args[0]) : 1.0;
        boolean explain = Arrays.asList(args).contains("--explain");
        List<String> failures = new ArrayList<>();
        try (BenchServer server = BenchServer.launch(
                Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all"),
                "atrium.scheduler.enabled=false", "atrium.notifications.dispatcher.enabled=false")) {
            new ConsolePagesBenchmark(server, ConsoleSeed.Counts.of(scale), explain, failures).run();
        }
        System.out.println(failures.isEmpty() ? "RESULT all checks passed"
                : "RESULT " + failures.size() + " checks FAILED: " + failures);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private final BenchServer server;
    private final DataSource dataSource;
    private final AdjustableClock clock;
    private final ConsoleSeed.Counts counts;
    private final boolean explain;
    private final List<String> failures;
    private final JsonMapper json = JsonMapper.builder().build();

    private ConsolePagesBenchmark(BenchServer server, ConsoleSeed.Counts counts, boolean explain,
            List<String> failures) {
        this.server = server;
        this.dataSource = server.context.getBean(DataSource.class);
        this.clock = server.context.getBean(AdjustableClock.class);
        this.counts = counts;
        this.explain = explain;
        this.failures = failures;
    }

    private void run() throws Exception {
        for (int i = 0; i < ConsoleSeed.PLANS.size(); i++) {
            server.post("/api/v1/plans", """
                    {"slug": "%s", "name": "Console %s", "currency": "USD", "prices": {"monthly": %d},
                     "limits": {"max_shipments": 1000}, "features": {"api_access": true}}
                    """.formatted(ConsoleSeed.PLANS.get(i), ConsoleSeed.PLANS.get(i), 10 * (i + 1)));
        }
        // The tenant with much history, made through the API so that its admin can sign in as any would.
        String slug = "history-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode tenant = json.readTree(server.post("/api/v1/tenants", """
                {"slug": "%s", "name": "Tenant with history", "plan": "console-b", "adminEmail": "admin@%s.test"}
                """.formatted(slug, slug)));
        UUID heavy = UUID.fromString(tenant.get("id").asString());
        PageSession portal = portalAdmin(slug, "admin@" + slug + ".test");
        PageSession hq = hqStaff();

        long seedStart = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            ConsoleSeed.seed(c, counts, heavy, clock.instant());
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
                s.execute("checkpoint");
                s.execute("create extension if not exists pg_stat_statements");
            }
            System.out.printf("Seeded %,d tenants, %,d invoices, %,d ledger lines in %.1f s (tenant with history: %s,"
                    + " %,d invoices, %,d ledger lines); PostgreSQL fsync=%s synchronous_commit=%s; %d cores%n",
                    ConsoleSeed.count(c, "select count(*) from tenants"),
                    ConsoleSeed.count(c, "select count(*) from invoices"),
                    ConsoleSeed.count(c, "select count(*) from wallet_transactions"),
                    (System.nanoTime() - seedStart) / 1e9, slug, counts.heavyInvoices(), counts.heavyLines(),
                    setting(c, "fsync"), setting(c, "synchronous_commit"), Runtime.getRuntime().availableProcessors());
            failures.addAll(ConsoleSeed.check(c));
        }
        execute("select pg_stat_statements_reset()");

        List<Result> results = new ArrayList<>();
        for (Page page : PAGES) {
            PageSession session = page.path().startsWith("/t/") ? portal : hq;
            results.add(measure(session, page, page.path().replace("{slug}", slug)));
        }
        report(results);
        printStatements();
    }

    // ------------------------------------------------------------------------------------------------ sign-in

    /** A super_admin: password, then the second factor enrolled with a code computed as an authenticator would. */
    private PageSession hqStaff() throws Exception {
        String email = "pages@atrium.test";
        server.post("/api/v1/staff", """
                {"email": "%s", "name": "Page bench", "password": "%s", "role": "super_admin"}
                """.formatted(email, PASSWORD));
        PageSession hq = new PageSession(server.port);
        hq.get("/hq/login");
        PageSession.Page password = hq.post("/hq/login", Map.of("email", email, "password", PASSWORD));
        if (password.location().endsWith("/hq/login/enrol")) {
            String secret = hq.get("/hq/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
            expect("HQ second factor enrolled", hq.post("/hq/login/enrol",
                    Map.of("code", Totp.code(secret, clock.instant()))).status() == 200);
            clock.advance(Duration.ofSeconds(30));
        }
        expect("HQ signed in", hq.get("/hq/tenants").status() == 200);
        return hq;
    }

    /** The tenant's first admin: password from the mailed link, then TOTP enrolled, as every tenant admin must. */
    private PageSession portalAdmin(String slug, String email) throws Exception {
        String link = mailedLink(email);
        PageSession portal = new PageSession(server.port);
        portal.get(link);
        expect("portal password chosen", portal.post(link, Map.of("password", PASSWORD)).location()
                .endsWith("/portal/login"));
        String base = "/t/" + slug + "/portal";
        portal.get(base + "/login");
        PageSession.Page password = portal.post(base + "/login", Map.of("email", email, "password", PASSWORD));
        expect("portal asks to enrol a second factor", password.location().endsWith(base + "/login/enrol"));
        String secret = portal.get(base + "/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
        expect("portal second factor enrolled", portal.post(base + "/login/enrol",
                Map.of("code", Totp.code(secret, clock.instant()))).status() == 200);
        clock.advance(Duration.ofSeconds(30));
        expect("portal signed in", portal.get(base).status() == 200);
        return portal;
    }

    private String mailedLink(String recipient) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            JsonNode page = json.readTree(server.get("/api/v1/mail-outbox?size=200&type=identity.password_set_link"));
            for (JsonNode mail : page.get("items")) {
                if (mail.get("recipient").asString().equalsIgnoreCase(recipient)) {
                    String body = json.readTree(server.get("/api/v1/mail-outbox/" + mail.get("id").asString()))
                            .get("bodyHtml").asString();
                    Matcher m = Pattern.compile("href=\"https?://[^/]+([^\"]+)\"").matcher(body);
                    if (m.find()) {
                        return m.group(1).replace("&amp;", "&");
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("No password link mailed to " + recipient);
    }

    // ------------------------------------------------------------------------------------------------ measuring

    private Result measure(PageSession session, Page page, String path) throws Exception {
        int status = session.status(path);
        if (status == 404 && page.optional()) {
            return new Result(page, "absent", 0, 0, 0, 0);
        }
        if (status != 200) {
            failures.add(page.name() + " answered " + status);
            return new Result(page, "HTTP " + status, 0, 0, 0, 0);
        }
        for (int i = 0; i < WARM_UP; i++) {
            session.status(path);
        }
        long[] nanos = new long[SAMPLES];
        int n = 0;
        long end = System.nanoTime() + BUDGET.toNanos();
        while (n < SAMPLES && (n < 20 || System.nanoTime() < end)) {
            long start = System.nanoTime();
            status = session.status(path);
            nanos[n++] = System.nanoTime() - start;
            if (status != 200) {
                failures.add(page.name() + " answered " + status + " while measured");
                return new Result(page, "HTTP " + status, n, 0, 0, 0);
            }
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return new Result(page, "ok", n, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
    }

    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    private void report(List<Result> results) {
        Result baseline = results.get(0);
        System.out.printf("%n%-32s %7s %9s %9s %9s %9s %-22s%n", "page", "samples", "p50 ms", "p95 ms", "p99 ms",
                "p95 ratio", "target");
        for (Result r : results) {
            if (!r.outcome().equals("ok")) {
                System.out.printf("%-32s %7s %9s %9s %9s %9s %-22s%n", r.page().name(), "-", "-", "-", "-", "-",
                        r.outcome());
                continue;
            }
            String target = r.page().group() == Group.BASELINE ? "baseline"
                    : "p95 < %.0f ms: %s".formatted(r.page().group().targetP95,
                            r.p95() < r.page().group().targetP95 ? "MET" : "NOT MET");
            System.out.printf(Locale.ROOT, "%-32s %7d %9.2f %9.2f %9.2f %8.1fx %-22s%n", r.page().name(), r.samples(),
                    r.p50(), r.p95(), r.p99(), r.p95() / baseline.p95(), target);
        }
        for (Group group : List.of(Group.HQ, Group.SEARCH, Group.PORTAL)) {
            List<Result> measured = results.stream().filter(r -> r.page().group() == group && r.outcome().equals("ok"))
                    .toList();
            Result worst = measured.stream().max((a, b) -> Double.compare(a.p95(), b.p95())).orElse(null);
            long met = measured.stream().filter(r -> r.p95() < group.targetP95).count();
            System.out.printf(Locale.ROOT, "RESULT %-6s %d of %d pages p95 < %.0f ms%s: %s%n", group, met,
                    measured.size(), group.targetP95,
                    worst == null ? "" : " (slowest %s, p95 %.2f ms)".formatted(worst.page().name(), worst.p95()),
                    met == measured.size() ? "MET" : "NOT MET");
        }
        System.out.println();
    }

    // ----------------------------------------------------------------------------------------------- statements

    private void printStatements() throws SQLException {
        System.out.printf("statements of the measured requests (pg_stat_statements), top 25 by total time:%n");
        List<String> runnable = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select calls, total_exec_time, mean_exec_time, shared_blks_hit + shared_blks_read as blocks,
                       regexp_replace(query, '\\s+', ' ', 'g') as query
                from pg_stat_statements
                where query not like '%pg_stat_statements%' and toplevel
                order by total_exec_time desc limit 25""");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String query = rs.getString("query");
                System.out.printf(Locale.ROOT, "%7d calls %9.1f ms total %8.3f ms mean %9d blocks/call  %s%n",
                        rs.getLong("calls"), rs.getDouble("total_exec_time"), rs.getDouble("mean_exec_time"),
                        rs.getLong("blocks") / Math.max(1, rs.getLong("calls")),
                        query.length() > 160 ? query.substring(0, 160) + "…" : query);
                if (!query.contains("$") && query.strip().toLowerCase(Locale.ROOT).startsWith("select")) {
                    runnable.add(query);
                }
            }
        }
        if (explain) {
            for (String query : runnable.subList(0, Math.min(5, runnable.size()))) {
                System.out.printf("%nexplain (analyze, buffers) %s%n", query);
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("explain (analyze, buffers) " + query)) {
                    while (rs.next()) {
                        System.out.println("  " + rs.getString(1));
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private void expect(String what, boolean ok) {
        if (!ok) {
            throw new IllegalStateException("Sign-in failed: " + what);
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
}
