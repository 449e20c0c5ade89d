package org.atrium.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two measurements in one run, on one connection, durable PostgreSQL, each beside the trivial authenticated endpoint
 * {@code POST /api/v1/bench/echo} of the same server, sent right after each measured request (interleaved, so that
 * both see the same load on a shared machine: compare their ratio rather than the absolute figures).
 * <ol>
 * <li><b>Webhook</b>: a recharge started through Stripe (a loopback fake of its API, {@link FakeStripe}), then its
 * {@code checkout.session.completed} signed exactly as Stripe signs it and posted to {@code /webhooks/stripe}: Atrium
 * verifies the signature, reads the session back from the fake, and in one transaction stores the event, credits the
 * wallet, issues the paid recharge invoice, audits and records the result. The target is this request's p95 under
 * 100 ms.</li>
 * <li><b>Round trip</b> through the sandbox gateway: start a recharge ({@code POST …/recharges}), press Pay on the
 * hosted page (the sandbox signs its Stripe-shaped webhook and delivers it in-process), come back through the return
 * callback.</li>
 * </ol>
 * At the end the wallet must hold exactly one credit per recharge.
 * <p>
 * Arguments: {@code [recharges per phase, default 500]}.
 */
public final class RechargeBenchmark {

    private static final Pattern FIELD = Pattern.compile("\"(reference|checkoutUrl|balance)\":\"([^\"]+)\"");
    private static final String WEBHOOK_SECRET = "whsec_bench_0123456789abcdef";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        try (FakeStripe stripe = new FakeStripe();
                BenchServer server = BenchServer.start("atrium.payments.sandbox-gateway=on",
                        "atrium.payments.recharge-max=1000000", "atrium.payments.stripe.secret-key=sk_test_bench",
                        "atrium.payments.stripe.webhook-secret=" + WEBHOOK_SECRET,
                        "atrium.payments.stripe.api-base=" + stripe.base())) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port;
            int warmUp = Math.max(50, n / 5);
            webhooks(http, base, server.tenant, warmUp, new long[warmUp], new long[warmUp]);
            long[] hooks = new long[n];
            long[] hookEcho = new long[n];
            webhooks(http, base, server.tenant, n, hooks, hookEcho);

            run(http, base, server.tenant, warmUp, new long[warmUp], new long[warmUp], new long[warmUp]);
            long[] trips = new long[n];
            long[] pays = new long[n];
            long[] tripEcho = new long[n];
            long start = System.nanoTime();
            run(http, base, server.tenant, n, trips, pays, tripEcho);
            double seconds = (System.nanoTime() - start) / 1e9;

            String wallet = send(http, "GET", base + "/api/v1/tenants/" + server.tenant + "/wallet", null, true)
                    .body();
            String balance = field(wallet, "balance");
            // each recharge is 10.00: two phases of (warm-up + measured)
            String expected = "%d.00".formatted(2 * (warmUp + n) * 10L);
            System.out.printf("Recharges per phase: %d measured after %d warm-up; one connection; PostgreSQL fsync=on"
                    + " synchronous_commit=on%n", n, warmUp);
            System.out.println("== Webhook: Stripe-signed checkout.session.completed, session read back from a"
                    + " loopback fake Stripe");
            print("webhook POST /webhooks/stripe", hooks);
            print("baseline: trivial endpoint", hookEcho);
            System.out.printf("== Round trip through the sandbox gateway (%.0f round trips/s incl. baseline)%n",
                    n / seconds);
            print("round trip (start + pay + return)", trips);
            print("pay = sandbox + signed webhook", pays);
            print("baseline: trivial endpoint", tripEcho);
            System.out.printf("wallet balance %s, expected %s: %s%n", balance, expected,
                    expected.equals(balance) ? "EXACT" : "WRONG");
            long p95 = percentile(hooks, 95);
            long echo95 = percentile(hookEcho, 95);
            System.out.printf("%nRESULT webhook p50 %.1f ms p95 %.1f ms; trivial endpoint p50 %.1f ms p95 %.1f ms;"
                    + " p95 ratio %.1f (target p95 < 100 ms: %s)%n", percentile(hooks, 50) / 1e6, p95 / 1e6,
                    percentile(hookEcho, 50) / 1e6, echo95 / 1e6, (double) p95 / echo95,
                    p95 < 100_000_000L ? "MET" : "NOT MET");
        }
    }

    /** Starts a Stripe recharge (untimed), then times its signed webhook and, right after, the trivial endpoint. */
    private static void webhooks(HttpClient http, String base, String tenant, int count, long[] hooks, long[] echo)
            throws Exception {
        for (int i = 0; i < count; i++) {
            String created = send(http, "POST", base + "/api/v1/tenants/" + tenant + "/recharges",
                    "{\"amount\":\"10.00\",\"gateway\":\"stripe\",\"returnUrl\":\"/portal\"}", true).body();
            String reference = field(created, "reference");
            String session = URI.create(field(created, "checkoutUrl")).getPath().substring("/c/pay/".length());
            String body = """
                    {"id":"evt_bench_%d_%s","object":"event","api_version":"2024-06-20","type":"checkout.session.completed",\
                    "data":{"object":{"id":"%s","object":"checkout.session","client_reference_id":"%s",\
                    "amount_total":1000,"currency":"usd","payment_status":"paid","status":"complete",\
                    "metadata":{"atrium_reference":"%s"}}}}""".formatted(i, reference.substring(reference.length() - 24), session,
                    reference, reference);
            String signature = stripeSignature(body, System.currentTimeMillis() / 1000);
            long t0 = System.nanoTime();
            HttpResponse<String> hook = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe"))
                    .header("Content-Type", "application/json").header("Stripe-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            send(http, "POST", base + "/api/v1/bench/echo", "{\"a\":1}", true);
            long t2 = System.nanoTime();
            if (hook.statusCode() != 200 || !hook.body().contains("\"processed\"")) {
                throw new IllegalStateException("Webhook " + i + " not processed: " + hook.statusCode() + " "
                        + hook.body());
            }
            hooks[i] = t1 - t0;
            echo[i] = t2 - t1;
        }
    }

    /** Stripe's scheme: {@code t=<seconds>,v1=hex(HMAC-SHA256(secret, "<t>.<body>"))}. */
    private static String stripeSignature(String body, long timestamp) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static void run(HttpClient http, String base, String tenant, int count, long[] trips, long[] pays,
            long[] echo) throws Exception {
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            String created = send(http, "POST", base + "/api/v1/tenants/" + tenant + "/recharges",
                    "{\"amount\":\"10.00\",\"gateway\":\"sandbox\",\"returnUrl\":\"/portal\"}", true).body();
            String reference = field(created, "reference");
            String checkout = URI.create(field(created, "checkoutUrl")).getRawPath();
            long t1 = System.nanoTime();
            HttpResponse<String> paid = send(http, "POST", base + checkout + "/pay", null, false);
            long t2 = System.nanoTime();
            HttpResponse<String> back = send(http, "GET", base + "/payments/return/" + reference, null, false);
            long t3 = System.nanoTime();
            send(http, "POST", base + "/api/v1/bench/echo", "{\"a\":1}", true);
            long t4 = System.nanoTime();
            if (paid.statusCode() != 303 || !back.headers().firstValue("Location").orElse("").contains("status=paid")) {
                throw new IllegalStateException("Round trip " + i + " did not end paid: " + back.headers().map());
            }
            trips[i] = t3 - t0;
            pays[i] = t2 - t1;
            echo[i] = t4 - t3;
        }
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String body, boolean auth)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (auth) {
            request.header("Authorization", "Bearer " + BenchServer.KEY);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + url + " → " + response.statusCode() + " "
                    + response.body());
        }
        return response;
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("No " + name + " in " + json);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void print(String label, long[] values) {
        System.out.printf("%-36s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n", label, percentile(values, 50) / 1e6,
                percentile(values, 95) / 1e6, percentile(values, 99) / 1e6);
    }
}
