package org.atrium.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Atrium comes back after any crash: a JVM killed with SIGKILL leaves its postmaster running, and the next start
 * on the same data directory stops it and starts normally, with the data still there; while an Atrium is alive
 * on a data directory, a second one refuses in one line. Each Atrium here is a JVM of its own
 * ({@link EmbeddedDatabaseApp}), because a JVM cannot SIGKILL itself.
 */
class EmbeddedDatabaseRestartTests {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path home;

    private Child running;

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        if (running != null) {
            running.process.destroyForcibly();
        }
        postmaster().ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void aJvmKilledWithSigkillComesBackOnTheSameDataAndASecondOneIsRefused() throws Exception {
        Child first = Child.start(home, "before-the-crash");
        running = first;
        assertThat(first.awaitReady()).isEqualTo("READY 1");
        long orphan = postmaster().orElseThrow().pid();

        first.process.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is not stopped
        assertThat(first.process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        Child second = Child.start(home, "after-the-crash");
        running = second;
        // Both markers: the row committed before the crash survived it.
        assertThat(second.awaitReady()).isEqualTo("READY 2");
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(second.output()).contains("is still running on").contains("has shut down");

        Child third = Child.start(home, "while-the-second-runs");
        assertThat(third.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String refusal = third.output();
        assertThat(third.process.exitValue()).isEqualTo(DataDirectoryInUseException.EXIT_CODE);
        assertThat(refusal).contains("Another Atrium (pid " + second.process.pid() + ") is running on the data "
                + "directory " + home);
        List<String> errors = refusal.lines().filter(line -> line.contains("ERROR")).toList();
        assertThat(errors).hasSize(1);
        assertThat(refusal).doesNotContain("\tat ").doesNotContain("Caused by");

        // Stopped cleanly (SIGTERM), the second takes its PostgreSQL with it.
        long postmaster = postmaster().orElseThrow().pid();
        second.process.destroy();
        assertThat(second.process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        running = null;
    }

    @Test
    void aDataDirectoryFromBeforeIsUpgradedToPasswordsAndTheRoleSplit() throws Exception {
        Path data = home.resolve("postgres");
        // As Atrium used to create it: the library's defaults (trust for every local connection), everything
        // created by the superuser.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
                Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database atrium");
            try (Connection atrium = DriverManager.getConnection(old.getJdbcUrl("postgres", "atrium"));
                    Statement t = atrium.createStatement()) {
                t.execute("create table ledger_then (id bigserial primary key, note text)");
                t.execute("insert into ledger_then (note) values ('kept')");
            }
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

        try (DataDirectoryLock lock = DataDirectoryLock.acquire(home.resolve("atrium.lock"));
                EmbeddedDatabase database = EmbeddedDatabase.start(lock, data, home.resolve("postgres-passwords"),
                        0)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    home.resolve("postgres-passwords")))).isEqualTo("rw-------");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
            String url = "jdbc:postgresql://127.0.0.1:" + database.port() + "/atrium";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isNotNull();
            try (Connection c = database.ownerDataSource().getConnection(); Statement s = c.createStatement();
                    var rs = s.executeQuery("select tableowner, (select note from ledger_then) from pg_tables "
                            + "where tablename = 'ledger_then'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("atrium_owner");
                assertThat(rs.getString(2)).isEqualTo("kept");
            }
        }
    }

    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pid = home.resolve("postgres/postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip()))
                .filter(ProcessHandle::isAlive);
    }

    /** A JVM running {@link EmbeddedDatabaseApp}, its output collected. */
    private record Child(Process process, StringBuffer collected, CompletableFuture<String> ready) {

        static Child start(Path home, String marker) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    EmbeddedDatabaseApp.class.getName(), home.toString(), marker).redirectErrorStream(true).start();
            StringBuffer collected = new StringBuffer();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null;) {
                        collected.append(line).append('\n');
                        if (line.startsWith("READY")) {
                            ready.complete(line);
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
                ready.complete("ended without READY");
            });
            reader.setDaemon(true);
            reader.start();
            return new Child(process, collected, ready);
        }

        String awaitReady() throws Exception {
            String line = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(line).as(collected.toString()).startsWith("READY");
            return line;
        }

        String output() throws InterruptedException {
            if (!process.isAlive()) {
                Thread.sleep(200); // the reader thread drains what is left
            }
            return collected.toString();
        }
    }
}
