package org.atrium.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Gives every test application context a database of its own: on the PostgreSQL server named by
 * {@code ATRIUM_TEST_DB_URL} (a JDBC URL of an admin connection) when set, otherwise on one embedded PostgreSQL
 * started once per test JVM in a temporary directory.
 * <p>
 * The server is stopped (or, on an external server, the databases dropped) by a Spring Boot shutdown handler, which
 * runs only after every application context has closed. A JVM shutdown hook would run concurrently with Spring's
 * own and could stop PostgreSQL while a context is still closing; a bean that then needs a connection (Spring
 * Modulith's event publication registry does) waits out the pool's 30-second connection timeout, and Surefire kills
 * the fork JVM.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedPostgres embedded;
    private static final List<String> created = new ArrayList<>();
    private static boolean shutdownHandlerAdded;
    private static final List<java.nio.file.Path> dataDirectories = new ArrayList<>();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name = "atrium_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = createDatabase(name);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("atrium-test-database",
                Map.of("spring.datasource.url", url, "spring.datasource.username", user(),
                        "spring.datasource.password", "", "atrium.audit.data-dir", dataDirectory(name),
                        // a fixed master key (32 bytes of 0x07): with a database URL set, Atrium needs one
                        "atrium.secrets.master-key", "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=")));
    }

    /**
     * A data directory of the context's own (the audit signing key and checkpoint file), beside its database: a
     * checkpoint of one context's chain must not be compared with another's.
     */
    private static synchronized String dataDirectory(String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(name + "-data");
            dataDirectories.add(dir);
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create a data directory for " + name, e);
        }
    }

    /** Creates a fresh database and returns its JDBC URL. */
    public static synchronized String createDatabase(String name) {
        String admin = adminUrl();
        try (Connection c = DriverManager.getConnection(admin, user(), "");
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create test database on " + admin, e);
        }
        created.add(name);
        if (!shutdownHandlerAdded) {
            SpringApplication.getShutdownHandlers().add(TestDatabase::shutdown);
            shutdownHandlerAdded = true;
        }
        return admin.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private static String user() {
        return System.getenv().getOrDefault("ATRIUM_TEST_DB_USER", "postgres");
    }

    private static synchronized String adminUrl() {
        String external = System.getenv("ATRIUM_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                        .setRegisterShutdownHook(false).start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start embedded PostgreSQL for tests", e);
            }
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    /** Runs after every application context has closed: stops the embedded server, or drops the databases. */
    private static synchronized void shutdown() {
        for (java.nio.file.Path dir : dataDirectories) {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                System.err.println("Could not remove the test data directory " + dir + ": " + e);
            }
        }
        dataDirectories.clear();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                System.err.println("Could not stop the embedded PostgreSQL for tests: " + e);
            }
            embedded = null;
            return;
        }
        String external = System.getenv("ATRIUM_TEST_DB_URL");
        try (Connection c = DriverManager.getConnection(external, user(), "");
                Statement s = c.createStatement()) {
            for (String name : created) {
                s.execute("drop database if exists " + name + " with (force)");
            }
            created.clear();
        } catch (Exception e) {
            System.err.println("Could not drop the test databases on " + external + ": " + e);
        }
    }
}
