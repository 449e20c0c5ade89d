package org.atrium.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code POST /api/v1/entitlements/check} against a trivial endpoint of the same server, from 32 keep-alive
 * connections of an in-JVM load generator on loopback. Each phase runs for a bounded time; the baseline runs first
 * and last, and the better of its two runs is the one compared with, so that warm-up does not flatter the check.
 * <p>
 * Arguments: {@code [seconds per phase, default 10] [connections, default 32]}.
 */
public final class HttpCheckBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        try (BenchServer server = BenchServer.start()) {
            String check = """
                    {"tenant": "%s", "metric": "max_shipments", "quantity": 1, "consume": false}""".formatted(server.tenant);
            System.out.printf("Atrium on port %d; %d connections, %d s per phase%n", server.port, connections, seconds);
            run(server.port, "/api/v1/bench/echo", check, connections, Math.max(3, seconds / 2), "warm-up (baseline)");
            run(server.port, "/api/v1/entitlements/check", check, connections, Math.max(3, seconds / 2),
                    "warm-up (check)");
            Result baseline1 = run(server.port, "/api/v1/bench/echo", check, connections, seconds, "baseline");
            Result checks = run(server.port, "/api/v1/entitlements/check", check, connections, seconds, "check");
            Result baseline2 = run(server.port, "/api/v1/bench/echo", check, connections, seconds, "baseline again");
            Result baseline = baseline1.throughput() >= baseline2.throughput() ? baseline1 : baseline2;
            System.out.printf("%nRESULT check/baseline throughput = %.1f %% (target >= 60 %%); check p99 = %.2f ms "
                    + "(target < 5 ms)%n", 100.0 * checks.throughput() / baseline.throughput(), checks.p99Millis());
        }
    }

    record Result(double throughput, double p50Millis, double p99Millis) {
    }

    static Result run(int port, String path, String body, int connections, int seconds, String label)
            throws Exception {
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + BenchServer.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[connections];
        Throwable[] failures = new Throwable[connections];
        CountDownLatch done = new CountDownLatch(connections);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long[] samples = new long[4_000_000 / connections];
            latencies.add(samples);
            int index = c;
            Thread thread = new Thread(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
                    int n = 0;
                    while (System.nanoTime() < deadline && n < samples.length) {
                        long start = System.nanoTime();
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        if (status != 200) {
                            throw new IllegalStateException(path + " answered " + status);
                        }
                        samples[n++] = System.nanoTime() - start;
                    }
                    counts[index] = n;
                } catch (Throwable e) {
                    failures[index] = e;
                } finally {
                    done.countDown();
                }
            }, "load-" + c);
            threads.add(thread);
        }
        long begin = System.nanoTime();
        threads.forEach(Thread::start);
        done.await();
        double elapsed = (System.nanoTime() - begin) / 1e9;
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
        Result result = new Result(total / elapsed, all[(int) (total * 0.50)] / 1e6,
                all[Math.min(total - 1, (int) (total * 0.99))] / 1e6);
        System.out.printf("%-18s %-28s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   (%d requests)%n", label, path,
                result.throughput(), result.p50Millis(), result.p99Millis(), total);
        return result;
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
