package org.atrium.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code POST /api/v1/entitlements/check} against a trivial endpoint of the same server, from 32 keep-alive
 * connections of an in-JVM load generator on loopback, in two phases:
 * <ol>
 * <li><b>Saturation</b> (closed model): every connection sends its next request as soon as the previous answer is
 * read. This gives each endpoint's maximum throughput; its latencies are mostly time spent queueing for the CPU,
 * because 32 busy connections are more work in flight than two cores can run at once.</li>
 * <li><b>Latency</b> (open model): the same connections send at a fixed total rate, a fraction of the baseline's
 * maximum throughput from the first phase, each request at its own intended send time. A request whose connection
 * is still waiting for an earlier answer goes out late, and its latency is counted from the time it <em>should</em>
 * have been sent (as wrk2 does), so a stall is charged to every request it delays instead of being hidden by the
 * load generator slowing down ("coordinated omission").</li>
 * </ol>
 * In each phase the baseline runs before and after the check, and the better of its two runs is compared with, so
 * that warm-up does not flatter the check. Every phase is bounded in time and in requests.
 * <p>
 * Arguments: {@code [seconds per saturation phase, default 10] [connections, default 32]
 * [latency rate as a fraction of the baseline's maximum throughput, default 0.5]
 * [seconds per latency phase, default 20]}.
 */
public final class HttpCheckBenchmark {

    private static final String BASELINE = "/api/v1/bench/echo";
    private static final String CHECK = "/api/v1/entitlements/check";
    /** Upper bound on the requests one phase records, whatever its length. */
    private static final int MAX_REQUESTS_PER_PHASE = 4_000_000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        double fraction = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("The latency rate is a fraction of the maximum, in (0, 1]");
        }
        try (BenchServer server = BenchServer.start()) {
            String body = """
                    {"tenant": "%s", "metric": "max_shipments", "quantity": 1, "consume": false}""".formatted(server.tenant);
            System.out.printf("Atrium on port %d; %d connections; %d s per saturation phase, %d s per latency "
                    + "phase at %.0f %% of the baseline's maximum; %d cores; GC %s%n", server.port, connections,
                    seconds, latencySeconds, 100 * fraction, Runtime.getRuntime().availableProcessors(), gcNames());
            Load load = new Load(server.port, body, connections);

            System.out.printf("%n== Saturation: closed loop, each connection as fast as it is answered%n");
            load.saturate(BASELINE, Math.max(3, seconds / 2), "warm-up (baseline)");
            load.saturate(CHECK, Math.max(3, seconds / 2), "warm-up (check)");
            Result baseline1 = load.saturate(BASELINE, seconds, "baseline");
            Result check = load.saturate(CHECK, seconds, "check");
            Result baseline2 = load.saturate(BASELINE, seconds, "baseline again");
            Result baseline = baseline1.throughput() >= baseline2.throughput() ? baseline1 : baseline2;

            double rate = fraction * baseline.throughput();
            System.out.printf("%n== Latency: open model, %.0f req/s in total (%.0f %% of the baseline's %.0f req/s), "
                    + "latency from the intended send time%n", rate, 100 * fraction, baseline.throughput());
            load.paced(BASELINE, rate, Math.max(3, latencySeconds / 4), "warm-up (baseline)");
            load.paced(CHECK, rate, Math.max(3, latencySeconds / 4), "warm-up (check)");
            Result pacedBaseline1 = load.paced(BASELINE, rate, latencySeconds, "baseline");
            Result pacedCheck = load.paced(CHECK, rate, latencySeconds, "check");
            Result pacedBaseline2 = load.paced(BASELINE, rate, latencySeconds, "baseline again");
            Result pacedBaseline = pacedBaseline1.p99() <= pacedBaseline2.p99() ? pacedBaseline1 : pacedBaseline2;

            System.out.printf("%nRESULT saturation: check/baseline throughput = %.1f %% (target >= 60 %%); "
                    + "p99 check %.2f ms, baseline %.2f ms (queueing for the CPU, not a latency target)%n",
                    100.0 * check.throughput() / baseline.throughput(), check.p99(), baseline.p99());
            System.out.printf("RESULT latency at %.0f req/s: check p50 %.2f / p99 %.2f / p99.9 %.2f ms, "
                    + "baseline p50 %.2f / p99 %.2f / p99.9 %.2f ms; check/baseline p50 %.2fx, p99 %.2fx, "
                    + "p99.9 %.2fx; check p99 %s 5 ms (target < 5 ms)%n", rate, pacedCheck.p50(), pacedCheck.p99(),
                    pacedCheck.p999(), pacedBaseline.p50(), pacedBaseline.p99(), pacedBaseline.p999(),
                    pacedCheck.p50() / pacedBaseline.p50(), pacedCheck.p99() / pacedBaseline.p99(),
                    pacedCheck.p999() / pacedBaseline.p999(), pacedCheck.p99() < 5 ? "<" : ">=");
        }
    }

    /** Throughput in requests per second; latencies in milliseconds. */
    record Result(long requests, double throughput, double p50, double p99, double p999) {
    }

    private static String gcNames() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    /** Collections and their total time so far, to show what each phase had to absorb. */
    private static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] { count, millis };
    }

    /** One connection's share of a phase: the request loop it runs and the latencies it records. */
    interface Connection {
        /** Runs until the deadline or until {@code latencies} is full; returns how many it recorded. */
        int run(int index, OutputStream out, InputStream in, byte[] request, long[] latencies) throws IOException;
    }

    static final class Load {

        private final int port;
        private final String body;
        private final int connections;

        Load(int port, String body, int connections) {
            this.port = port;
            this.body = body;
            this.connections = connections;
        }

        /** Closed loop: each connection sends its next request as soon as it has read the previous answer. */
        Result saturate(String path, int seconds, String label) throws Exception {
            long begin = System.nanoTime();
            long deadline = begin + seconds * 1_000_000_000L;
            return phase(path, label, MAX_REQUESTS_PER_PHASE / connections, begin, (index, out, in, request,
                    latencies) -> {
                int n = 0;
                while (n < latencies.length && System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    send(out, request);
                    expect200(in, path);
                    latencies[n++] = System.nanoTime() - start;
                }
                return n;
            });
        }

        /**
         * Open model: {@code rate} requests per second in total, spread evenly over the connections and in time
         * (connection {@code c} of {@code C} sends at {@code start + c·T/C + k·T}, {@code T = C / rate}). Latency
         * runs from the intended send time to the end of the answer.
         */
        Result paced(String path, double rate, int seconds, String label) throws Exception {
            long interval = Math.max(1, Math.round(1e9 * connections / rate));
            long start = System.nanoTime() + 100_000_000L; // every connection open before the first send
            long end = start + seconds * 1_000_000_000L;
            int perConnection = (int) Math.min(MAX_REQUESTS_PER_PHASE / connections,
                    seconds * 1_000_000_000L / interval + 2);
            Result result = phase(path, label, perConnection, start, (index, out, in, request, latencies) -> {
                long first = start + index * interval / connections;
                int n = 0;
                for (long intended = first; intended < end && n < latencies.length; intended += interval) {
                    for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    send(out, request);
                    expect200(in, path);
                    latencies[n++] = System.nanoTime() - intended;
                }
                return n;
            });
            long expected = 0;
            for (int c = 0; c < connections; c++) {
                long first = start + c * interval / connections;
                expected += first < end ? (end - first + interval - 1) / interval : 0;
            }
            if (result.requests() < expected) {
                System.out.printf("    %d of %d scheduled requests were sent (per-phase cap reached)%n",
                        result.requests(), expected);
            }
            return result;
        }

        /** Runs one phase; {@code begin} is when its first request is due, for the throughput. */
        private Result phase(String path, String label, int perConnection, long begin, Connection loop)
                throws Exception {
            byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + BenchServer.KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8);
            List<long[]> latencies = new ArrayList<>();
            int[] counts = new int[connections];
            Throwable[] failures = new Throwable[connections];
            CountDownLatch done = new CountDownLatch(connections);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                long[] samples = new long[perConnection];
                latencies.add(samples);
                int index = c;
                threads.add(new Thread(() -> {
                    try (Socket socket = new Socket("127.0.0.1", port)) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(10_000);
                        counts[index] = loop.run(index, socket.getOutputStream(),
                                new BufferedInputStream(socket.getInputStream(), 16_384), request, samples);
                    } catch (Throwable e) {
                        failures[index] = e;
                    } finally {
                        done.countDown();
                    }
                }, "load-" + c));
            }
            long[] gcBefore = gcTotals();
            threads.forEach(Thread::start);
            done.await();
            double elapsed = (System.nanoTime() - begin) / 1e9;
            long[] gcAfter = gcTotals();
            for (Throwable failure : failures) {
                if (failure != null) {
                    throw new IllegalStateException("A load connection failed", failure);
                }
            }
            int total = Arrays.stream(counts).sum();
            long[] all = new long[total];
            int at = 0;
            for (int c = 0; c < connections; c++) {
                System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
                at += counts[c];
            }
            Arrays.sort(all);
            Result result = new Result(total, total / elapsed, percentile(all, 0.50), percentile(all, 0.99),
                    percentile(all, 0.999));
            System.out.printf("%-18s %-27s %6.0f req/s  p50 %6.2f  p99 %6.2f  p99.9 %6.2f  max %6.2f ms  "
                    + "(%d requests; %d GCs, %d ms)%n", label, path, result.throughput(), result.p50(), result.p99(),
                    result.p999(), total == 0 ? 0 : all[total - 1] / 1e6, total, gcAfter[0] - gcBefore[0],
                    gcAfter[1] - gcBefore[1]);
            return result;
        }
    }

    /** The value below which a fraction {@code q} of the sorted samples lie, in milliseconds. */
    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    private static void send(OutputStream out, byte[] request) throws IOException {
        out.write(request);
        out.flush();
    }

    private static void expect200(InputStream in, String path) throws IOException {
        int status = readResponse(in);
        if (status != 200) {
            throw new IllegalStateException(path + " answered " + status);
        }
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return status;
    }

    private static void skip(InputStream in, long n) throws IOException {
        for (long left = n; left > 0; left--) {
            if (in.read() < 0) {
                throw new IOException("connection closed");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        throw new IOException("connection closed");
    }
}
