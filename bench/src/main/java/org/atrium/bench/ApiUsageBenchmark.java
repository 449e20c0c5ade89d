package org.atrium.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atrium.developer.ApiUsage;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What logging a tenant key's call costs the request: {@code GET /api/v1/tenants/{slug}/wallet} with a tenant key,
 * the API usage log off and on in turn on the same server in the same run ({@link ApiUsage#setRecording}), from
 * keep-alive connections of the in-JVM load generator ({@link LoadGenerator}) on loopback.
 * <p>
 * Closed loop (each connection as fast as it is answered), rounds of "off" then "on", after a warm-up of the same
 * pairs. The cost is read as CPU time per request of the whole JVM (request threads, the log's writer thread, the load
 * generator), which depends less on what else the machine runs than throughput does; the best round of each side is
 * compared, so that a disturbance in one round does not decide the figure. The usage log's writes to PostgreSQL are in
 * the machine's CPU time per request, printed beside it. After the run it checks that the log holds one row per
 * request made while it was on (less any it reports dropped).
 * <p>
 * Arguments: {@code [seconds per phase, default 5] [rounds, default 3] [connections, default 16]}.
 */
public final class ApiUsageBenchmark {

    private static final int MAX_REQUESTS_PER_PHASE = 4_000_000;
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        // The per-tenant burst limit (50/s by default) would answer most of the load with 429.
        try (BenchServer server = BenchServer.start("atrium.rate-limit.burst-per-second=1000000000")) {
            String issued = server.post("/api/v1/tenants/" + server.tenant + "/api-keys",
                    "{\"name\": \"bench\", \"scopes\": [\"wallet:read\"]}");
            Matcher m = KEY.matcher(issued);
            if (!m.find()) {
                throw new IllegalStateException("No key in " + issued);
            }
            byte[] request = ("GET /api/v1/tenants/" + server.tenant + "/wallet HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + m.group(1) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            int status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port + "/api/v1/tenants/" + server.tenant
                            + "/wallet")).header("Authorization", "Bearer " + m.group(1)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("The measured request answers " + status);
            }
            ApiUsage usage = server.context.getBean(ApiUsage.class);
            JdbcClient jdbc = server.context.getBean(JdbcClient.class);
            LoadGenerator load = new LoadGenerator(server.port, connections, MAX_REQUESTS_PER_PHASE);
            System.out.printf("Atrium on port %d; %d connections; %d rounds of %d s with the log off, then on; %d "
                    + "cores; %s %s. The machine is shared with other work (eight engineers build and test on "
                    + "it): read the ratio and the CPU per request, not the absolute rates.%n", server.port,
                    connections, rounds, seconds, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));

            System.out.println("\n== Warm-up: 2 s off, 2 s on, until 20,000 requests of each and at least five pairs");
            long warmOff = 0;
            long warmOn = 0;
            for (int i = 0; i < 60 && (i < 5 || warmOff < 20_000 || warmOn < 20_000); i++) {
                usage.setRecording(false);
                warmOff += load.closed(request, 2_000_000_000L).latencies().length;
                usage.setRecording(true);
                warmOn += load.closed(request, 2_000_000_000L).latencies().length;
            }
            System.out.printf("warm-up: %d requests with the log off, %d on%n", warmOff, warmOn);
            usage.flush();
            long rowsBefore = rows(jdbc);
            long droppedBefore = usage.dropped();

            System.out.println("\n== Measured rounds");
            List<LoadGenerator.Run> off = new ArrayList<>();
            List<LoadGenerator.Run> on = new ArrayList<>();
            long recordedRequests = 0;
            for (int round = 1; round <= rounds; round++) {
                usage.setRecording(false);
                off.add(report("round " + round + " log off", load.closed(request, seconds * 1_000_000_000L)));
                usage.setRecording(true);
                LoadGenerator.Run run = report("round " + round + " log on", load.closed(request,
                        seconds * 1_000_000_000L));
                on.add(run);
                recordedRequests += run.latencies().length;
            }
            usage.setRecording(false);
            usage.flush();
            long written = rows(jdbc) - rowsBefore;
            long dropped = usage.dropped() - droppedBefore;

            LoadGenerator.Run bestOff = best(off);
            LoadGenerator.Run bestOn = best(on);
            double cpuOff = cpuPerRequest(bestOff);
            double cpuOn = cpuPerRequest(bestOn);
            double cost = cpuOn - cpuOff;
            double noise = Math.max(spread(off), spread(on));
            System.out.printf("%nlog rows written while on: %d of %d requests (%d dropped, %s)%n", written,
                    recordedRequests, dropped, written + dropped == recordedRequests ? "every call accounted for"
                            : "MISMATCH");
            System.out.printf("RESULT throughput: log on %.0f req/s = %.1f %% of log off %.0f req/s (best rounds)%n",
                    bestOn.throughput(), 100 * bestOn.throughput() / bestOff.throughput(), bestOff.throughput());
            System.out.printf("RESULT p50 latency (closed loop, %d in flight): log on %.2f ms, log off %.2f ms%n",
                    connections, bestOn.percentile(0.5), bestOff.percentile(0.5));
            System.out.printf("RESULT cost of logging a call: %.1f µs of JVM CPU per request (%.1f on, %.1f off); "
                    + "machine CPU per request %.1f on, %.1f off (PostgreSQL's writes included, and whatever else "
                    + "ran); rounds of one side differ by up to %.1f µs%s%n", cost, cpuOn, cpuOff,
                    machinePerRequest(bestOn), machinePerRequest(bestOff), noise,
                    Math.abs(cost) < noise ? ", so the difference is within this run's noise" : "");

            System.out.println("\n== On the request thread: what the filter adds (clock, nanoTime, record, offer),"
                    + " in-process, 20 batches of 10,000 while the writer writes");
            double[] perCall = org.atrium.developer.internal.ApiUsageRecordingCost.nanosPerCall(server.context, 20,
                    10_000);
            double median = perCall[perCall.length / 2] / 1000;
            double worst = perCall[perCall.length - 1] / 1000;
            System.out.printf("RESULT recording on the request thread: median %.2f µs per call, slowest batch %.2f µs"
                    + " per call; target < 20 µs: %s%n", median, worst, worst < 20 ? "MET" : "NOT MET");
            if (written + dropped != recordedRequests) {
                System.exit(1);
            }
        }
    }

    /** Largest minus smallest JVM CPU per request among rounds of one side. */
    private static double spread(List<LoadGenerator.Run> runs) {
        double low = Double.MAX_VALUE;
        double high = 0;
        for (LoadGenerator.Run run : runs) {
            low = Math.min(low, cpuPerRequest(run));
            high = Math.max(high, cpuPerRequest(run));
        }
        return high - low;
    }

    private static long rows(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from api_usage").query(Long.class).single();
    }

    /** The round that cost the least JVM CPU per request. */
    private static LoadGenerator.Run best(List<LoadGenerator.Run> runs) {
        LoadGenerator.Run best = runs.get(0);
        for (LoadGenerator.Run run : runs) {
            if (cpuPerRequest(run) < cpuPerRequest(best)) {
                best = run;
            }
        }
        return best;
    }

    private static double cpuPerRequest(LoadGenerator.Run run) {
        return run.processCpuNanos() / 1e3 / Math.max(1, run.latencies().length);
    }

    private static double machinePerRequest(LoadGenerator.Run run) {
        return run.machineBusyNanos() < 0 ? Double.NaN
                : run.machineBusyNanos() / 1e3 / Math.max(1, run.latencies().length);
    }

    private static LoadGenerator.Run report(String label, LoadGenerator.Run run) {
        System.out.printf("%-20s %6.0f req/s  p50 %6.2f  p99 %6.2f ms  (%d requests; JVM CPU %5.1f µs/request, "
                + "machine %5.1f µs/request, other processes %.0f %% of the machine)%n", label, run.throughput(),
                run.percentile(0.5), run.percentile(0.99), run.latencies().length, cpuPerRequest(run),
                machinePerRequest(run), 100 * run.otherProcesses());
        return run;
    }
}
