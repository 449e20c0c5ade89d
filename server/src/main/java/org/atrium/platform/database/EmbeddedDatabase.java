package org.atrium.platform.database;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL of a single-node Atrium, started durable and private:
 * <ul>
 * <li>{@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on (the library's defaults are a test
 * database's: it passes {@code -F} and turns synchronous commit off; settings given with {@code -c} come after and
 * win);</li>
 * <li>TCP on 127.0.0.1 only, no Unix socket, and SCRAM password authentication for every connection; the
 * passwords are generated on first start and kept in a file readable by its owner only (mode 0600);</li>
 * <li>three roles: {@code postgres}, the superuser, used only here to set up the other two;
 * {@value #OWNER_ROLE}, which owns the database and every table and runs the migrations; and
 * {@value #APP_ROLE}, which Atrium's connection pool uses: no superuser, owns nothing, so it can neither drop a
 * trigger nor set {@code session_replication_role}, and on the append-only tables it may only read and insert
 * (see {@link ApplicationRoleGrants}).</li>
 * </ul>
 * A data directory from before (trust authentication, everything owned by {@code postgres}) is upgraded on start:
 * passwords are set, {@code pg_hba.conf} rewritten and the objects handed to the owner role. The same happens when
 * the password file is lost.
 * <p>
 * After a crash of the JVM ({@code kill -9}, the OOM killer) the postmaster outlives it. On start, a postmaster
 * still running on this data directory (named by its {@code postmaster.pid}) is shut down and waited for before
 * PostgreSQL is started again; the caller holds the {@link DataDirectoryLock}, so it cannot belong to a live
 * Atrium.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "atrium";
    static final String OWNER_ROLE = "atrium_owner";
    static final String APP_ROLE = "atrium_app";
    private static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Duration SMART_SHUTDOWN_WAIT = Duration.ofSeconds(15);
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private static final String PG_HBA = """
            # Written by Atrium on every start of its embedded PostgreSQL: password (SCRAM) authentication only,
            # over loopback only (no Unix socket is opened). Changes here are overwritten.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;
    /** For the one start that sets the passwords of a data directory without them: the superuser, loopback. */
    private static final String PG_HBA_RESET = """
            # Written by Atrium for one start, to set the passwords; replaced before Atrium connects.
            host    all   postgres   127.0.0.1/32   trust
            """;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Passwords passwords;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, Passwords passwords) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.passwords = passwords;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} and makes sure the roles and the database exist.
     *
     * @param lock         proof that no other Atrium uses this data directory
     * @param passwordFile where the generated passwords are kept
     * @param port         0 for any free port
     */
    static EmbeddedDatabase start(DataDirectoryLock lock, Path dataDirectory, Path passwordFile, int port)
            throws IOException {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(data);
        stopLeftoverPostmaster(data);

        boolean fresh = !Files.exists(data.resolve("postgresql.conf"));
        Optional<Passwords> stored = Passwords.read(passwordFile);
        Passwords passwords = stored.orElseGet(Passwords::generate);
        if (stored.isEmpty()) {
            passwords.write(passwordFile);
        }
        boolean reset = !fresh && stored.isEmpty();
        if (reset) {
            log.warn("The embedded PostgreSQL in {} has no passwords in {} (a data directory from before, or the file "
                    + "was lost): setting new ones", data, passwordFile);
        }

        Path initPassword = null;
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(false).setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setConnectConfig("password", passwords.superuser())
                .setDataDirectoryCustomizer(dir -> writePgHba(dir.toPath(), reset ? PG_HBA_RESET : PG_HBA))
                // Stopped by close(), after everything that uses the database; the library's own JVM shutdown
                // hook would run alongside Spring's and pull the database from under a graceful shutdown.
                .setRegisterShutdownHook(false);
        if (port > 0) {
            builder.setPort(port);
        }
        if (fresh) {
            // initdb's options are only reachable through the "locale" settings, which are passed as --key=value
            // after the library's own "-A trust": the later --auth wins, and the superuser gets a password.
            initPassword = Files.createTempFile(passwordFile.toAbsolutePath().getParent(), "initdb", ".tmp",
                    posix() ? new java.nio.file.attribute.FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE) }
                            : new java.nio.file.attribute.FileAttribute<?>[0]);
            Files.writeString(initPassword, passwords.superuser() + "\n");
            builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", initPassword.toString());
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } finally {
            if (initPassword != null) {
                Files.deleteIfExists(initPassword);
            }
        }
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, data, passwords);
        try {
            if (reset) {
                database.setSuperuserPassword();
            }
            database.setUpRoles();
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw new IllegalStateException("Cannot set up the roles of the embedded PostgreSQL in " + data, e);
        }
        log.info("Embedded PostgreSQL is running on 127.0.0.1:{} with its data in {} (one node only; production "
                + "uses ATRIUM_DB_URL)", postgres.getPort(), data);
        return database;
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    String appPassword() {
        return passwords.app();
    }

    /** Connections as the owner role, for migrations. Not pooled: Flyway needs them only at start. */
    DataSource ownerDataSource() {
        return dataSource(OWNER_ROLE, passwords.owner(), DATABASE);
    }

    private DataSource superuserDataSource(String database) {
        return dataSource(SUPERUSER, passwords.superuser(), database);
    }

    private DataSource dataSource(String user, String password, String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] { "127.0.0.1" });
        source.setPortNumbers(new int[] { port() });
        source.setDatabaseName(database);
        source.setUser(user);
        source.setPassword(password);
        return source;
    }

    private void setSuperuserPassword() throws SQLException, IOException {
        try (Connection c = superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("alter role postgres password " + literal(passwords.superuser()));
            writePgHba(dataDirectory, PG_HBA);
            s.execute("select pg_reload_conf()");
        }
        // The new rules are in force once a fresh connection must give the password.
        try (Connection c = superuserDataSource("postgres").getConnection()) {
            log.info("The embedded PostgreSQL now requires passwords");
        }
    }

    private void setUpRoles() throws SQLException {
        try (Connection c = superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            ensureRole(s, OWNER_ROLE, passwords.owner());
            ensureRole(s, APP_ROLE, passwords.app());
            try (var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + DATABASE + " owner " + OWNER_ROLE);
                }
            }
            s.execute("alter database " + DATABASE + " owner to " + OWNER_ROLE);
            s.execute("revoke all on database " + DATABASE + " from public");
            s.execute("grant connect, temporary on database " + DATABASE + " to " + APP_ROLE);
        }
        try (Connection c = superuserDataSource(DATABASE).getConnection(); Statement s = c.createStatement()) {
            s.execute("alter schema public owner to " + OWNER_ROLE);
            s.execute("revoke create on schema public from public");
            // Data directories from before were migrated by the superuser: hand every object to the owner role.
            // Sequences that belong to a table follow it; functions are listed on their own.
            s.execute("""
                    do $$
                    declare
                        r record;
                    begin
                        for r in select c.oid::regclass as name from pg_class c
                                 where c.relnamespace = 'public'::regnamespace
                                   and c.relkind in ('r', 'p', 'v', 'm', 'f')
                                   and c.relowner <> '%1$s'::regrole loop
                            execute format('alter table %%s owner to %1$s', r.name);
                        end loop;
                        for r in select c.oid::regclass as name from pg_class c
                                 where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'
                                   and c.relowner <> '%1$s'::regrole
                                   and not exists (select 1 from pg_depend d where d.objid = c.oid
                                                   and d.deptype in ('a', 'i')) loop
                            execute format('alter sequence %%s owner to %1$s', r.name);
                        end loop;
                        for r in select p.oid::regprocedure as name from pg_proc p
                                 where p.pronamespace = 'public'::regnamespace
                                   and p.proowner <> '%1$s'::regrole loop
                            execute format('alter routine %%s owner to %1$s', r.name);
                        end loop;
                        for r in select t.oid::regtype as name from pg_type t
                                 where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'd', 'r')
                                   and t.typowner <> '%1$s'::regrole loop
                            execute format('alter type %%s owner to %1$s', r.name);
                        end loop;
                    end
                    $$""".formatted(OWNER_ROLE));
        }
    }

    private static void ensureRole(Statement s, String role, String password) throws SQLException {
        boolean exists;
        try (var rs = s.executeQuery("select 1 from pg_roles where rolname = '" + role + "'")) {
            exists = rs.next();
        }
        String attributes = " login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password "
                + literal(password);
        s.execute((exists ? "alter role " : "create role ") + role + attributes);
    }

    /** Passwords are generated from the URL-safe Base64 alphabet: nothing in them needs escaping. */
    private static String literal(String password) {
        if (!password.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalStateException("Unexpected characters in a stored password");
        }
        return "'" + password + "'";
    }

    private static void writePgHba(Path dataDirectory, String content) {
        try {
            Path file = dataDirectory.resolve("pg_hba.conf");
            Files.writeString(file, content, StandardCharsets.UTF_8);
            if (posix()) {
                Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }

    /**
     * A postmaster left running on this data directory by an Atrium that died without stopping it: shut it down
     * (SIGTERM, PostgreSQL's smart shutdown; then SIGINT, fast shutdown, which also ends open sessions) and wait
     * until it has exited. A {@code postmaster.pid} whose process is gone is left to PostgreSQL, which handles it.
     */
    static void stopLeftoverPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !sameDirectory(lines.get(1).strip(), dataDirectory)
                || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            return;
        }
        log.warn("A PostgreSQL server (pid {}) is still running on {}, left by an Atrium that did not stop "
                + "cleanly: shutting it down", pid, dataDirectory);
        ProcessHandle postmaster = process.get();
        postmaster.destroy();
        if (!waitForExit(postmaster, SMART_SHUTDOWN_WAIT)) {
            log.warn("PostgreSQL (pid {}) has not stopped after {} s: asking for a fast shutdown", pid,
                    SMART_SHUTDOWN_WAIT.toSeconds());
            signal("INT", pid);
            if (!waitForExit(postmaster, FAST_SHUTDOWN_WAIT)) {
                throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running on " + dataDirectory
                        + " does not stop; stop it by hand");
            }
        }
        log.info("The PostgreSQL server left running (pid {}) has shut down", pid);
    }

    private static boolean sameDirectory(String recorded, Path dataDirectory) {
        try {
            return Path.of(recorded).toRealPath().equals(dataDirectory.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void signal(String signal, long pid) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(10,
                    TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while signalling PostgreSQL", e);
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) throws IOException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for PostgreSQL to stop", e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Stops PostgreSQL and waits until its postmaster has exited (a shutdown checkpoint may take a while). */
    @Override
    public void close() {
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            postgres.close();
        } catch (IOException e) {
            log.error("Could not stop the embedded PostgreSQL in {}", dataDirectory, e);
        }
        postmaster.ifPresent(p -> {
            try {
                if (!waitForExit(p, FAST_SHUTDOWN_WAIT)) {
                    log.warn("The embedded PostgreSQL (pid {}) is still shutting down", p.pid());
                }
            } catch (IOException e) {
                log.warn("Interrupted while waiting for the embedded PostgreSQL to stop");
            }
        });
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The generated passwords of the three roles, in a properties file of mode 0600. */
    record Passwords(String superuser, String owner, String app) {

        private static final SecureRandom random = new SecureRandom();

        static Passwords generate() {
            return new Passwords(randomPassword(), randomPassword(), randomPassword());
        }

        private static String randomPassword() {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        static Optional<Passwords> read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_READ_WRITE)) {
                log.warn("{} was readable by others: its mode is now 0600", file);
                Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            String superuser = properties.getProperty(SUPERUSER);
            String owner = properties.getProperty(OWNER_ROLE);
            String app = properties.getProperty(APP_ROLE);
            if (superuser == null || owner == null || app == null) {
                throw new IllegalStateException(file + " lacks a password; remove the file to have new ones set");
            }
            return Optional.of(new Passwords(superuser, owner, app));
        }

        /** Written to a temporary file of mode 0600 first and then moved, so it is never readable by others. */
        void write(Path file) throws IOException {
            Path target = file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path temporary = posix()
                    ? Files.createTempFile(target.getParent(), "passwords", ".tmp",
                            PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                    : Files.createTempFile(target.getParent(), "passwords", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write("# Passwords of the embedded PostgreSQL's roles, generated by Atrium. Keep private.\n");
                writer.write(SUPERUSER + "=" + superuser + "\n");
                writer.write(OWNER_ROLE + "=" + owner + "\n");
                writer.write(APP_ROLE + "=" + app + "\n");
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public String toString() {
            return "Passwords[…]";
        }
    }
}
