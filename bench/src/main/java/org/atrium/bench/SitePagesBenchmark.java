package org.atrium.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The public pages' latency beside the trivial endpoint, in one run: {@code GET /pricing} (monthly and annual) and
 * {@code GET /signup?plan=…}, against {@code POST /api/v1/bench/echo} (same server, no work). Each of a few
 * client threads sends the four requests in turn, one after the other (closed loop), so every endpoint meets the
 * same machine; latency is measured from send to the last byte on loopback, an upper bound of the server's time.
 *
 * <p>Arguments: rounds per thread (default 2,000), threads (default 4), warm-up rounds per thread (default 1,000).
 */
public final class SitePagesBenchmark {

    private record Target(String name, HttpRequest request, String mustContain) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        try (BenchServer server = BenchServer.start()) {
            String base = "http://127.0.0.1:" + server.port;
            List<Target> targets = List.of(
                    new Target("baseline  POST /api/v1/bench/echo", HttpRequest.newBuilder(URI.create(base
                            + "/api/v1/bench/echo")).header("Authorization", "Bearer " + BenchServer.KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"x\"}")).build(), "allowed"),
                    new Target("pricing   GET /pricing", get(base + "/pricing"), "Compare plans"),
                    new Target("pricing   GET /pricing?cycle=annual", get(base + "/pricing?cycle=annual"), "a year"),
                    new Target("signup    GET /signup?plan=growth", get(base + "/signup?plan=growth&cycle=annual"),
                            "Start my trial"));
            System.out.printf("SitePagesBenchmark: %d threads, %d warm-up and %d measured rounds each, %d endpoints%n",
                    threads, warmUp, rounds, targets.size());
            run(targets, threads, warmUp);
            long[][] latencies = run(targets, threads, rounds);
            for (int t = 0; t < targets.size(); t++) {
                long[] l = latencies[t];
                Arrays.sort(l);
                System.out.printf(Locale.ROOT, "RESULT %-38s p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f ms  (n=%d)%s%n",
                        targets.get(t).name(), ms(l, 0.50), ms(l, 0.95), ms(l, 0.99), l[l.length - 1] / 1e6,
                        l.length, t == 0 ? "" : ms(l, 0.95) < 50 ? "  target p95 < 50 ms: MET" : "  target: NOT MET");
            }
        }
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/html")
                .header("Accept-Language", "en-US").GET().build();
    }

    /** Latencies in nanoseconds per target, over all threads. */
    private static long[][] run(List<Target> targets, int threads, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[][]>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5)).build();
                    long[][] mine = new long[targets.size()][rounds];
                    for (int r = 0; r < rounds; r++) {
                        for (int t = 0; t < targets.size(); t++) {
                            Target target = targets.get(t);
                            long start = System.nanoTime();
                            HttpResponse<String> response = client.send(target.request(),
                                    HttpResponse.BodyHandlers.ofString());
                            mine[t][r] = System.nanoTime() - start;
                            if (response.statusCode() != 200 || !response.body().contains(target.mustContain())) {
                                throw new IllegalStateException(target.name() + " answered " + response.statusCode()
                                        + ": " + response.body().substring(0, Math.min(300, response.body().length())));
                            }
                        }
                    }
                    return mine;
                }));
            }
            long[][] all = new long[targets.size()][threads * rounds];
            for (int i = 0; i < threads; i++) {
                long[][] mine = futures.get(i).get();
                for (int t = 0; t < targets.size(); t++) {
                    System.arraycopy(mine[t], 0, all[t], i * rounds, rounds);
                }
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
