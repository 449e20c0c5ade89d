package org.atrium.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.atrium.AtriumApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A whole Atrium for a benchmark: its own embedded PostgreSQL in a temporary directory, configured durable
 * (fsync and synchronous commit on), the server on a free port, and a plan and tenant to measure against. The
 * request log is on, as in production, and goes to a file in a temporary directory removed on close.
 */
final class BenchServer implements AutoCloseable {

    static final String KEY = "atr_sk_bench000000000000000000000000000000000000";

    final EmbeddedPostgres postgres;
    /** PostgreSQL's data directory; its {@code postmaster.pid} names the server process. */
    final Path dataDirectory;
    final ConfigurableApplicationContext context;
    final int port;
    /** The slug of the tenant {@link #start()} creates; null after {@link #launch}. */
    final String tenant;

    private final Path logs;

    private BenchServer(EmbeddedPostgres postgres, Path dataDirectory, ConfigurableApplicationContext context,
            Path logs, String tenant) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.logs = logs;
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.tenant = tenant;
    }

    static BenchServer start(String... properties) throws Exception {
        BenchServer launched = launch(Map.of(), properties);
        BenchServer server = new BenchServer(launched.postgres, launched.dataDirectory, launched.context, launched.logs,
                "bench-" + UUID.randomUUID().toString().substring(0, 8));
        server.post("/api/v1/plans", """
                {"slug": "bench", "name": "Bench", "currency": "USD", "prices": {"monthly": 10},
                 "limits": {"max_shipments": 1000000000, "api_calls_daily": 1000000000}, "features": {"api_access": true}}
                """);
        server.post("/api/v1/tenants", """
                {"slug": "%s", "name": "Bench tenant", "plan": "bench"}""".formatted(server.tenant));
        return server;
    }

    /**
     * An Atrium with nothing in it but the bootstrap owner and key.
     *
     * @param postgresSettings added to PostgreSQL's configuration (never fsync or synchronous commit)
     * @param properties       added to Atrium's configuration, {@code name=value}
     */
    static BenchServer launch(Map<String, String> postgresSettings, String... properties) throws Exception {
        return launch(true, postgresSettings, properties);
    }

    /**
     * {@link #launch(Map, String...)}, or with {@code durable} false a PostgreSQL with {@code fsync} and
     * {@code synchronous_commit} off: only to measure what durability costs, never a setting to run Atrium with (a
     * commit it acknowledged can be lost, and a power loss can corrupt the cluster).
     */
    static BenchServer launch(boolean durable, Map<String, String> postgresSettings, String... properties)
            throws Exception {
        Path dir = Files.createTempDirectory("atrium-bench");
        Path logs = Files.createTempDirectory("atrium-bench-logs");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir)
                .setCleanDataDirectory(true).setServerConfig("max_connections", "100");
        postgresSettings.forEach(builder::setServerConfig);
        String sync = durable ? "on" : "off";
        EmbeddedPostgres postgres = builder.setServerConfig("fsync", sync).setServerConfig("synchronous_commit", sync)
                .start();
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=", "--server.port=0",
                "--server.tomcat.max-keep-alive-requests=-1", "--atrium.bootstrap.api-key=" + KEY,
                "--atrium.bootstrap.owner-email=bench@atrium.test",
                "--atrium.bootstrap.owner-password=bench-password-123", "--logging.level.root=WARN",
                // an external database URL needs a master key for stored secrets (32 bytes of 0x0b)
                "--atrium.secrets.master-key=CwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws=",
                // The request log line stays on, as in production, written to a file rather than the console.
                "--logging.level.atrium.request=INFO", "--logging.threshold.console=WARN",
                "--logging.file.name=" + logs.resolve("atrium.log"), "--spring.main.banner-mode=off",
                // The audit checkpoints and their signing key of this server only: a checkpoint file shared with an
                // earlier run (./data by default) names rows of another database, and verify would fail on them.
                "--atrium.audit.data-dir=" + logs.resolve("data")));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AtriumApplication.class)
                .run(arguments.toArray(String[]::new));
        return new BenchServer(postgres, dir, context, logs, null);
    }

    String post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + KEY)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws IOException {
        context.close();
        postgres.close();
        try (Stream<Path> files = Files.walk(logs)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
