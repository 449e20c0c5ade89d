package org.atrium.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two calls of Stripe's API a Checkout recharge makes, on 127.0.0.1, in Stripe's JSON shapes: create a session
 * ({@code POST /v1/checkout/sessions}, form-encoded as the SDK sends it) and read it back
 * ({@code GET /v1/checkout/sessions/{id}}), which answers "paid". Only for the benchmark.
 */
final class FakeStripe implements AutoCloseable {

    private record Session(String reference, long amount) {
    }

    private final HttpServer server;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(2);

    FakeStripe() throws IOException {
        // The JDK server writes the headers and the body separately: without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK hold the body back ~40 ms, which would be counted as Atrium's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/v1/checkout/sessions", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod())) {
                String form;
                try (InputStream in = exchange.getRequestBody()) {
                    form = URLDecoder.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            StandardCharsets.UTF_8);
                }
                String reference = field(form, "client_reference_id");
                long amount = Long.parseLong(field(form, "line_items[0][price_data][unit_amount]"));
                String id = "cs_bench_" + ids.incrementAndGet();
                sessions.put(id, new Session(reference, amount));
                send(exchange, 200, session(id, reference, amount, "open", "unpaid"));
                return;
            }
            Session s = sessions.get(path.substring(path.lastIndexOf('/') + 1));
            if (s == null) {
                send(exchange, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"No such session\"}}");
                return;
            }
            send(exchange, 200, session(path.substring(path.lastIndexOf('/') + 1), s.reference(), s.amount(),
                    "complete", "paid"));
        }
    }

    private static String session(String id, String reference, long amount, String status, String paymentStatus) {
        return """
                {"id":"%s","object":"checkout.session","mode":"payment","client_reference_id":"%s",\
                "amount_total":%d,"currency":"usd","payment_status":"%s","status":"%s",\
                "payment_intent":"pi_%s","url":"https://checkout.stripe.com/c/pay/%s",\
                "metadata":{"atrium_reference":"%s"}}""".formatted(id, reference, amount, paymentStatus, status, id,
                id, reference);
    }

    private static String field(String form, String name) {
        for (String pair : form.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("No " + name + " in " + form);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
