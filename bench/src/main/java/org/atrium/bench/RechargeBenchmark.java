package org.atrium.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recharge-to-credit round trip through the sandbox gateway, over HTTP on one connection, durable: start a
 * recharge ({@code POST …/recharges}), press Pay on the hosted page (the sandbox signs its Stripe-shaped webhook,
 * Atrium verifies it, reads the payment back, credits the wallet and issues the paid recharge invoice), come back
 * through the return callback. The Pay step is the webhook's cost (target: p95 under 100 ms). Baseline from the same
 * run: the trivial authenticated endpoint {@code POST /api/v1/bench/echo}. At the end the wallet must hold exactly
 * one credit per round trip.
 * <p>
 * Arguments: {@code [round trips, default 500]}.
 */
public final class RechargeBenchmark {

    private static final Pattern FIELD = Pattern.compile("\"(reference|checkoutUrl|balance)\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        try (BenchServer server = BenchServer.start("atrium.payments.sandbox-gateway=on",
                "atrium.payments.recharge-max=1000000")) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port;
            int warmUp = Math.max(50, n / 5);
            run(http, base, server.tenant, warmUp, new long[warmUp], new long[warmUp]);
            long[] trips = new long[n];
            long[] pays = new long[n];
            long start = System.nanoTime();
            run(http, base, server.tenant, n, trips, pays);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] echo = new long[n];
            for (int i = 0; i < warmUp + n; i++) {
                long t = System.nanoTime();
                send(http, "POST", base + "/api/v1/bench/echo", "{\"a\":1}", true);
                if (i >= warmUp) {
                    echo[i - warmUp] = System.nanoTime() - t;
                }
            }
            String wallet = send(http, "GET", base + "/api/v1/tenants/" + server.tenant + "/wallet", null, true)
                    .body();
            String balance = field(wallet, "balance");
            // each round trip recharges 10.00: (warm-up + measured) × 10.00
            String expected = "%d.00".formatted((warmUp + n) * 10L);
            System.out.printf("%d round trips in %.2f s: %.0f round trips/s (one connection)%n", n, seconds,
                    n / seconds);
            print("round trip (start + pay + return)", trips);
            print("pay = signed webhook processed", pays);
            print("baseline: trivial endpoint", echo);
            System.out.printf("wallet balance %s, expected %s: %s%n", balance, expected,
                    expected.equals(balance) ? "EXACT" : "WRONG");
            System.out.printf("%nRESULT webhook p95 %.1f ms (target < 100 ms: %s)%n", percentile(pays, 95) / 1e6,
                    percentile(pays, 95) < 100_000_000L ? "MET" : "NOT MET");
        }
    }

    private static void run(HttpClient http, String base, String tenant, int count, long[] trips, long[] pays)
            throws Exception {
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
            if (paid.statusCode() != 303 || !back.headers().firstValue("Location").orElse("").contains("status=paid")) {
                throw new IllegalStateException("Round trip " + i + " did not end paid: " + back.headers().map());
            }
            trips[i] = t3 - t0;
            pays[i] = t2 - t1;
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
