package org.atrium.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code POST /api/v1/entitlements/check} against a trivial endpoint of the same server, from keep-alive connections
 * (32 by default) of a lean load generator in the same JVM ({@link LoadGenerator}: one selector thread, plus a pacing
 * thread in the open model) on loopback, in three parts:
 * <ol>
 * <li><b>Warm-up</b>: two-second closed-loop runs of each endpoint in turn, until each one's throughput is within 5 %
 * of its previous run (the JIT compiler shares the two cores with the load, and takes a minute or so to settle).</li>
 * <li><b>Saturation</b> (closed model): every connection sends its next request as soon as the previous answer is
 * read. This gives each endpoint's maximum throughput; its latencies are mostly time spent queueing for the CPU
 * (Little's law: connections / throughput on average), because 32 requests in flight are more than two cores run at
 * once.</li>
 * <li><b>Latency</b> (open model): the same number of connections send at a fixed total rate, a fraction of the
 * baseline's maximum throughput from the saturation phase, each request at its own intended send time. A request
 * whose connection is still waiting for an earlier answer goes out late, and its latency is counted from the time it
 * <em>should</em> have been sent (as wrk2 does), so a stall is charged to every request it delays instead of being
 * hidden by the load generator slowing down ("coordinated omission").</li>
 * </ol>
 * In the saturation and latency phases the baseline runs before and after the check, and the better of its two runs
 * is compared with, so that warm-up or a disturbance does not flatter the check. Every phase is bounded in time and in
 * requests. Each run also prints the CPU time per request of the whole JVM (server and load generator) and of the
 * load generator alone.
 * <p>
 * Arguments: {@code [seconds per saturation phase, default 10] [connections, default 32]
 * [latency rates as fractions of the baseline's maximum throughput, comma-separated, default 0.5]
 * [seconds per latency phase, default 20]}.
 */
public final class HttpCheckBenchmark {

    private static final String BASELINE = "/api/v1/bench/echo";
    private static final String CHECK = "/api/v1/entitlements/check";
    /** Upper bound on the requests one phase sends, whatever its length. */
    private static final int MAX_REQUESTS_PER_PHASE = 4_000_000;
    private static final int WARM_UP_SECONDS = 2;
    private static final int MAX_WARM_UP_ROUNDS = 40;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        double[] fractions = Arrays.stream((args.length > 2 ? args[2] : "0.5").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        for (double fraction : fractions) {
            if (fraction <= 0 || fraction > 1) {
                throw new IllegalArgumentException("A latency rate is a fraction of the maximum, in (0, 1]");
            }
        }
        try (BenchServer server = BenchServer.start()) {
            String body = """
                    {"tenant": "%s", "metric": "max_shipments", "quantity": 1, "consume": false}""".formatted(server.tenant);
            byte[] baselineRequest = request(BASELINE, body);
            byte[] checkRequest = request(CHECK, body);
            System.out.printf("Atrium on port %d; %d connections; %d s per saturation phase, %d s per latency "
                    + "phase at %s of the baseline's maximum; %d cores; %s %s; GC %s%n", server.port, connections,
                    seconds, latencySeconds, Arrays.stream(fractions).mapToObj(f -> "%.0f %%".formatted(100 * f))
                            .collect(Collectors.joining(", ")), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"), gcNames());
            LoadGenerator load = new LoadGenerator(server.port, connections, MAX_REQUESTS_PER_PHASE);

            System.out.printf("%n== Warm-up: %d s closed-loop runs of each endpoint in turn, until each is within "
                    + "5 %% of its previous run and the JIT compiler was busy less than 2 %% of the round%n",
                    WARM_UP_SECONDS);
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            double lastBaseline = 0;
            double lastCheck = 0;
            for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
                long compiling = jit.getTotalCompilationTime();
                double b = load.closed(baselineRequest, WARM_UP_SECONDS * 1_000_000_000L).throughput();
                double c = load.closed(checkRequest, WARM_UP_SECONDS * 1_000_000_000L).throughput();
                long compiled = jit.getTotalCompilationTime() - compiling;
                System.out.printf("round %2d  baseline %6.0f req/s  check %6.0f req/s  JIT %5d ms%n", round, b, c,
                        compiled);
                boolean settled = Math.abs(b - lastBaseline) <= 0.05 * lastBaseline
                        && Math.abs(c - lastCheck) <= 0.05 * lastCheck
                        && compiled < 0.02 * (2 * WARM_UP_SECONDS * 1_000);
                lastBaseline = b;
                lastCheck = c;
                if (settled) {
                    break;
                }
                if (round == MAX_WARM_UP_ROUNDS) {
                    System.out.println("    (not settled; measuring anyway)");
                }
            }

            System.out.printf("%n== Saturation: closed loop, each connection as fast as it is answered%n");
            long phase = seconds * 1_000_000_000L;
            gcAtLastReport = gcTotals();
            LoadGenerator.Run baseline1 = report("baseline", BASELINE, load.closed(baselineRequest, phase));
            LoadGenerator.Run check = report("check", CHECK, load.closed(checkRequest, phase));
            LoadGenerator.Run baseline2 = report("baseline again", BASELINE, load.closed(baselineRequest, phase));
            LoadGenerator.Run baseline = baseline1.throughput() >= baseline2.throughput() ? baseline1 : baseline2;

            List<String> latencyResults = new ArrayList<>();
            for (double fraction : fractions) {
                double rate = fraction * baseline.throughput();
                System.out.printf("%n== Latency: open model, %.0f req/s in total (%.0f %% of the baseline's %.0f "
                        + "req/s) over %d connections, latency from the intended send time%n", rate, 100 * fraction,
                        baseline.throughput(), connections);
                long warm = Math.max(2, latencySeconds / 10) * 1_000_000_000L;
                report("warm-up (baseline)", BASELINE, load.open(baselineRequest, rate, warm));
                report("warm-up (check)", CHECK, load.open(checkRequest, rate, warm));
                long paced = latencySeconds * 1_000_000_000L;
                LoadGenerator.Run pacedBaseline1 = report("baseline", BASELINE,
                        load.open(baselineRequest, rate, paced));
                LoadGenerator.Run pacedCheck = report("check", CHECK, load.open(checkRequest, rate, paced));
                LoadGenerator.Run pacedBaseline2 = report("baseline again", BASELINE,
                        load.open(baselineRequest, rate, paced));
                LoadGenerator.Run pacedBaseline = pacedBaseline1.percentile(0.99) <= pacedBaseline2.percentile(0.99)
                        ? pacedBaseline1 : pacedBaseline2;
                latencyResults.add(("RESULT latency (open model, %.0f req/s = %.0f %% of the baseline's maximum, %d "
                        + "connections, from the intended send time): check p50 %.2f / p99 %.2f / p99.9 %.2f ms "
                        + "(baseline p50 %.2f / p99 %.2f / p99.9 %.2f ms); target p99 < 5 ms: %s").formatted(rate,
                        100 * fraction, connections, pacedCheck.percentile(0.5), pacedCheck.percentile(0.99),
                        pacedCheck.percentile(0.999), pacedBaseline.percentile(0.5), pacedBaseline.percentile(0.99),
                        pacedBaseline.percentile(0.999), pacedCheck.percentile(0.99) < 5 ? "MET" : "NOT MET"));
            }

            double ratio = check.throughput() / baseline.throughput();
            System.out.printf("%nRESULT throughput (closed loop, %d connections): check %.0f req/s = %.1f %% of the "
                    + "baseline's %.0f req/s; target >= 60 %%: %s%n", connections, check.throughput(), 100 * ratio,
                    baseline.throughput(), ratio >= 0.6 ? "MET" : "NOT MET");
            latencyResults.forEach(System.out::println);
            System.out.printf("RESULT saturated p99 (closed loop, %d in flight): check %.2f ms, baseline %.2f ms; "
                    + "queueing for the CPU (Little's law: %d / %.0f req/s = %.2f ms on average), not the latency "
                    + "target%n", connections, check.percentile(0.99), baseline.percentile(0.99), connections,
                    check.throughput(), 1000.0 * connections / check.throughput());
        }
    }

    private static byte[] request(String path, String body) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + BenchServer.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static String gcNames() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    private static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] { count, millis };
    }

    private static long[] gcAtLastReport = gcTotals();

    /** Prints one run, with the collections since the previous one and its CPU time per request. */
    private static LoadGenerator.Run report(String label, String path, LoadGenerator.Run run) {
        long[] gc = gcTotals();
        long n = Math.max(1, run.latencies().length);
        System.out.printf("%-18s %-27s %6.0f req/s  p50 %6.2f  p99 %6.2f  p99.9 %6.2f  max %6.2f ms  (%d requests; "
                + "per request: CPU %4.0f µs, of which kernel %3.0f µs and load generator %3.0f µs; "
                + "allocated %3.0f kB; %d GCs, %d ms; other processes %.0f %% of the machine)%n", label, path,
                run.throughput(), run.percentile(0.5), run.percentile(0.99), run.percentile(0.999), run.max(),
                run.latencies().length, run.processCpuNanos() / 1e3 / n, run.kernelNanos() / 1e3 / n,
                run.generatorCpuNanos() / 1e3 / n, run.allocatedBytes() / 1e3 / n, gc[0] - gcAtLastReport[0],
                gc[1] - gcAtLastReport[1], 100 * run.otherProcesses());
        gcAtLastReport = gc;
        return run;
    }
}
