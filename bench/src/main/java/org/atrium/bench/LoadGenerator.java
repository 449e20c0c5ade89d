package org.atrium.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A lean HTTP/1.1 load generator for loopback, meant to share a small machine with the server it measures: all
 * keep-alive connections are served by one thread waiting on one selector (which reads the answers, records their
 * latencies and, in the closed model, sends the next request), plus, in the open model, one thread that sends each
 * request at its intended time. One thread per connection would cost a thread wake-up per answer and take that much
 * more CPU from the server.
 * <p>
 * One request is in flight per connection at a time (no pipelining). In the open model request {@code s} is due at
 * {@code start + s / rate} on connection {@code s mod C}; if that connection is still waiting for an earlier answer the
 * request waits for it and goes out late, and its latency still counts from its intended time, so a stall is charged
 * to every request it delays (no "coordinated omission", as wrk2).
 */
final class LoadGenerator {

    /**
     * One phase: latencies in nanoseconds (sorted) and its length in seconds; the CPU time the load generator's
     * threads and the whole JVM (server and generator) used meanwhile, and the JVM's share of it in the kernel; the
     * bytes the JVM's threads allocated; and the CPU time the whole machine used in the phase's {@code wallNanos},
     * to see what other processes took.
     */
    record Run(long[] latencies, double seconds, long generatorCpuNanos, long processCpuNanos, long allocatedBytes,
            long machineBusyNanos, long wallNanos, long kernelNanos) {

        /** The share of the machine's CPUs that processes other than this JVM used meanwhile (PostgreSQL included). */
        double otherProcesses() {
            return machineBusyNanos < 0 ? Double.NaN
                    : Math.max(0, machineBusyNanos - processCpuNanos) / (double) wallNanos
                            / Runtime.getRuntime().availableProcessors();
        }

        double throughput() {
            return latencies.length / seconds;
        }

        /** The latency below which a fraction {@code q} of the requests lie, in milliseconds. */
        double percentile(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank))] / 1e6;
        }

        double max() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int port;
    private final int connections;
    private final int maxRequests;

    LoadGenerator(int port, int connections, int maxRequests) {
        this.port = port;
        this.connections = connections;
        this.maxRequests = maxRequests;
    }

    /** Closed model: each connection sends its next request as soon as it has read the previous answer. */
    Run closed(byte[] request, long nanos) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        return run(request, begin, begin + nanos, 0);
    }

    /**
     * Open model: {@code rate} requests per second in total, each sent at its intended time, or after it when its
     * connection is still busy.
     */
    Run open(byte[] request, double rate, long nanos) throws IOException, InterruptedException {
        long begin = System.nanoTime() + 50_000_000L; // every connection open before the first request is due
        return run(request, begin, begin + nanos, rate);
    }

    private Run run(byte[] request, long begin, long end, double rate) throws IOException, InterruptedException {
        boolean paced = rate > 0;
        long cpuBefore = processCpu();
        long allocatedBefore = allocated();
        long busyBefore = machineBusy();
        long kernelBefore = kernelCpu();
        long wallBefore = System.nanoTime();
        try (Selector selector = Selector.open()) {
            Connection[] all = new Connection[connections];
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                channel.configureBlocking(false);
                all[i] = new Connection(channel, request);
                channel.register(selector, SelectionKey.OP_READ, all[i]);
            }
            try {
                Receiver receiver = new Receiver(selector, all, paced, end, maxRequests);
                Thread pacer = null;
                Pacer pacing = null;
                if (paced) {
                    pacing = new Pacer(all, begin, end, rate, maxRequests, selector);
                    pacer = new Thread(pacing, "load-pacer");
                    pacer.setDaemon(true);
                    pacer.start();
                } else {
                    for (Connection c : all) {
                        synchronized (c) {
                            c.send(System.nanoTime());
                        }
                    }
                    receiver.sent.addAndGet(all.length);
                }
                receiver.loop(pacing);
                if (pacer != null) {
                    pacer.join();
                }
                long generatorCpu = receiver.cpuNanos + (pacing == null ? 0 : pacing.cpuNanos);
                double seconds = (Math.max(receiver.lastAnswer, paced ? end : begin) - begin) / 1e9;
                long[] latencies = Arrays.copyOf(receiver.latencies, receiver.count);
                Arrays.sort(latencies);
                long busy = machineBusy();
                return new Run(latencies, seconds, generatorCpu, processCpu() - cpuBefore,
                        allocated() - allocatedBefore, busy < 0 || busyBefore < 0 ? -1 : busy - busyBefore,
                        System.nanoTime() - wallBefore, kernelCpu() - kernelBefore);
            } finally {
                for (Connection c : all) {
                    c.channel.close();
                }
            }
        }
    }

    /** Bytes allocated so far by the threads alive now (those that ended meanwhile are missed: a lower bound). */
    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) THREADS;
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    /** CPU time all processes have used so far, from {@code /proc/stat} (Linux); -1 where it cannot be read. */
    private static long machineBusy() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                    .split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time this JVM has spent in the kernel so far, from {@code /proc/self/stat} (Linux); 0 where unknown. */
    private static long kernelCpu() {
        try {
            String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) * 10_000_000L; // stime, in ticks of 10 ms
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A keep-alive connection with at most one request in flight and the intended times of those waiting for it. */
    private static final class Connection {

        final SocketChannel channel;
        final ByteBuffer request;
        final byte[] in = new byte[64 * 1024];
        int filled;
        /** The intended send time of the request in flight; meaningful while {@link #busy}. */
        long intended;
        boolean busy;
        long[] waiting = new long[8];
        int head;
        int size;

        Connection(SocketChannel channel, byte[] request) {
            this.channel = channel;
            this.request = ByteBuffer.wrap(request);
        }

        /** Sends the request now; the caller holds this connection's monitor. */
        void send(long intendedAt) throws IOException {
            intended = intendedAt;
            busy = true;
            request.rewind();
            while (request.hasRemaining()) {
                if (channel.write(request) == 0) {
                    Thread.onSpinWait(); // a small request into an empty loopback buffer: never in practice
                }
            }
        }

        void enqueue(long intendedAt) {
            if (size == waiting.length) {
                long[] grown = new long[size * 2];
                for (int i = 0; i < size; i++) {
                    grown[i] = waiting[(head + i) % waiting.length];
                }
                waiting = grown;
                head = 0;
            }
            waiting[(head + size) % waiting.length] = intendedAt;
            size++;
        }

        long dequeue() {
            long first = waiting[head];
            head = (head + 1) % waiting.length;
            size--;
            return first;
        }
    }

    /** Sends request {@code s} at {@code begin + s / rate} on connection {@code s mod C}, or queues it there. */
    private static final class Pacer implements Runnable {

        private final Connection[] all;
        private final long begin;
        private final long end;
        private final double nanosPerRequest;
        private final int maxRequests;
        private final Selector selector;
        volatile boolean done;
        volatile long scheduled;
        volatile Throwable failure;
        long cpuNanos;

        Pacer(Connection[] all, long begin, long end, double rate, int maxRequests, Selector selector) {
            this.all = all;
            this.begin = begin;
            this.end = end;
            this.nanosPerRequest = 1e9 / rate;
            this.maxRequests = maxRequests;
            this.selector = selector;
        }

        @Override
        public void run() {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long s = 0;
            try {
                for (;; s++) {
                    long intended = begin + (long) (s * nanosPerRequest);
                    if (intended >= end || s >= maxRequests) {
                        break;
                    }
                    for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    Connection c = all[(int) (s % all.length)];
                    synchronized (c) {
                        if (c.busy) {
                            c.enqueue(intended);
                        } else {
                            c.send(intended);
                        }
                    }
                    scheduled = s + 1;
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                scheduled = s;
                cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
                done = true;
                selector.wakeup();
            }
        }
    }

    /** Reads every answer, checks its status, records its latency and sends what is due next on its connection. */
    private static final class Receiver {

        private final Selector selector;
        private final Connection[] all;
        private final boolean paced;
        private final long end;
        private final int maxRequests;
        final AtomicLong sent = new AtomicLong();
        long[] latencies = new long[1 << 16];
        int count;
        long lastAnswer;
        long cpuNanos;

        Receiver(Selector selector, Connection[] all, boolean paced, long end, int maxRequests) {
            this.selector = selector;
            this.all = all;
            this.paced = paced;
            this.end = end;
            this.maxRequests = maxRequests;
        }

        void loop(Pacer pacer) throws IOException {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long deadline = end + 30_000_000_000L; // answers still missing this long after the end: a failure
            while (!finished(pacer)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Answers still missing 30 s after the end of the phase");
                }
                if (pacer != null && pacer.failure != null) {
                    throw new IllegalStateException("The pacer failed", pacer.failure);
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    read((Connection) key.attachment());
                }
            }
            cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
        }

        private boolean finished(Pacer pacer) {
            if (pacer != null && !pacer.done) {
                return false;
            }
            if (pacer == null && System.nanoTime() < end && count < maxRequests) {
                return false;
            }
            for (Connection c : all) {
                synchronized (c) {
                    if (c.busy || c.size > 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        private void read(Connection c) throws IOException {
            int n = c.channel.read(ByteBuffer.wrap(c.in, c.filled, c.in.length - c.filled));
            if (n < 0) {
                throw new IOException("The server closed a connection");
            }
            c.filled += n;
            for (int length = HttpResponses.length(c.in, c.filled); length > 0; length = HttpResponses.length(c.in,
                    c.filled)) {
                int status = HttpResponses.status(c.in);
                System.arraycopy(c.in, length, c.in, 0, c.filled - length);
                c.filled -= length;
                answered(c, status);
            }
            if (c.filled == c.in.length) {
                throw new IOException("An answer larger than " + c.in.length + " bytes");
            }
        }

        private void answered(Connection c, int status) throws IOException {
            long now = System.nanoTime();
            lastAnswer = now;
            if (status != 200) {
                throw new IllegalStateException("The server answered " + status);
            }
            synchronized (c) {
                if (!c.busy) {
                    throw new IllegalStateException("An answer to no request");
                }
                record(now - c.intended);
                c.busy = false;
                if (paced) {
                    if (c.size > 0) {
                        c.send(c.dequeue());
                    }
                } else if (now < end && sent.get() < maxRequests) {
                    sent.incrementAndGet();
                    c.send(now);
                }
            }
        }

        private void record(long latency) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latency;
        }
    }

    /** Just enough of HTTP/1.1 to find where an answer ends (Content-Length or chunked) and read its status. */
    static final class HttpResponses {

        private HttpResponses() {
        }

        static int status(byte[] b) {
            return (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
        }

        /** The length of the complete answer at the start of {@code b[0, filled)}, or -1 if it is not all there. */
        static int length(byte[] b, int filled) {
            int headersEnd = indexOf(b, 0, filled, CRLFCRLF);
            if (headersEnd < 0) {
                return -1;
            }
            long contentLength = -1;
            boolean chunked = false;
            for (int line = indexOf(b, 0, headersEnd + 2, CRLF) + 2; line < headersEnd;) {
                int next = indexOf(b, line, headersEnd + 2, CRLF);
                if (startsWithIgnoreCase(b, line, next, "content-length:")) {
                    contentLength = Long.parseLong(ascii(b, line + 15, next).trim());
                } else if (startsWithIgnoreCase(b, line, next, "transfer-encoding:")) {
                    chunked = ascii(b, line + 18, next).toLowerCase().contains("chunked");
                }
                line = next + 2;
            }
            int body = headersEnd + 4;
            if (!chunked) {
                long end = body + Math.max(0, contentLength);
                return end <= filled ? (int) end : -1;
            }
            for (int at = body;;) {
                int sizeEnd = indexOf(b, at, filled, CRLF);
                if (sizeEnd < 0) {
                    return -1;
                }
                int size = 0;
                for (int i = at; i < sizeEnd && b[i] != ';'; i++) {
                    size = size * 16 + Character.digit(b[i], 16);
                }
                at = sizeEnd + 2;
                if (size == 0) {
                    if (at + 2 <= filled && b[at] == '\r' && b[at + 1] == '\n') {
                        return at + 2; // no trailers
                    }
                    int trailersEnd = indexOf(b, at, filled, CRLFCRLF);
                    return trailersEnd < 0 ? -1 : trailersEnd + 4;
                }
                at += size + 2;
                if (at > filled) {
                    return -1;
                }
            }
        }

        private static final byte[] CRLF = { '\r', '\n' };
        private static final byte[] CRLFCRLF = { '\r', '\n', '\r', '\n' };

        private static int indexOf(byte[] b, int from, int to, byte[] what) {
            outer: for (int i = from; i + what.length <= to; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (b[i + j] != what[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private static boolean startsWithIgnoreCase(byte[] b, int from, int to, String prefix) {
            if (to - from < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (Character.toLowerCase((char) b[from + i]) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private static String ascii(byte[] b, int from, int to) {
            return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
