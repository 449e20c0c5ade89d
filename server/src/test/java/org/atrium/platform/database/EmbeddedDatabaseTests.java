package org.atrium.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded database as production starts it (the test suite's own database is a fast, non-durable one): durable,
 * password-protected, on loopback, and reached by Atrium through a role that cannot get around the append-only
 * tables.
 */
class EmbeddedDatabaseTests {

    @TempDir
    static Path home;

    private static ConfigurableApplicationContext context;
    private static JdbcClient app;
    private static int port;

    @BeforeAll
    static void start() {
        context = EmbeddedDatabaseApp.start(home);
        app = JdbcClient.create(context.getBean(DataSource.class));
        port = context.getBean(EmbeddedDatabase.class).port();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void isDurable() {
        // The library passes -F (fsync off) and synchronous_commit=off by default.
        assertThat(setting("fsync")).isEqualTo("on");
        assertThat(setting("synchronous_commit")).isEqualTo("on");
        assertThat(setting("full_page_writes")).isEqualTo("on");
    }

    @Test
    void listensOnLoopbackOnlyAndOpensNoUnixSocket() throws Exception {
        // Only a superuser may read these two.
        try (Connection c = connect("postgres", passwords().getProperty("postgres"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('listen_addresses'), "
                        + "current_setting('unix_socket_directories')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
            assertThat(rs.getString(2)).isEmpty();
        }
    }

    @Test
    void thePasswordsAreKeptInAFileOnlyItsOwnerMayRead() throws IOException {
        Path file = home.resolve("postgres-passwords");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(passwords().stringPropertyNames()).containsExactlyInAnyOrder("postgres", "atrium_owner",
                "atrium_app");
    }

    @Test
    void aConnectionWithoutTheRightPasswordIsRefused() throws Exception {
        for (String role : new String[] { "postgres", "atrium_owner", "atrium_app" }) {
            assertThatThrownBy(() -> connect(role, "")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(role, "wrong")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            // …while the stored one opens it: the refusals are about the password.
            try (Connection c = connect(role, passwords().getProperty(role))) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        assertThat(Files.readString(home.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");
    }

    @Test
    void atriumConnectsAsARoleThatIsNoSuperuserAndOwnsNothing() {
        assertThat(app.sql("select current_user").query(String.class).single()).isEqualTo("atrium_app");
        assertThat(app.sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class)
                .single()).isFalse();
        assertThat(app.sql("select count(*) from pg_class where relowner = 'atrium_app'::regrole")
                .query(Long.class).single()).isZero();
        assertThat(app.sql("select tableowner from pg_tables where tablename = 'audit_events'")
                .query(String.class).single()).isEqualTo("atrium_owner");
    }

    @Test
    void theApplicationRoleCannotGetAroundTheAuditLog() throws Exception {
        try (Connection c = connect("atrium_app", passwords().getProperty("atrium_app"));
                Statement s = c.createStatement()) {
            // Replica mode would skip the triggers that refuse UPDATE and DELETE and compute the hash chain.
            assertThatThrownBy(() -> s.execute("set session_replication_role = replica"))
                    .hasMessageContaining("permission denied to set parameter \"session_replication_role\"");
            assertThatThrownBy(() -> s.execute("drop trigger audit_events_no_update on audit_events"))
                    .hasMessageContaining("must be owner of");
            assertThatThrownBy(() -> s.execute("alter table audit_events disable trigger all"))
                    .hasMessageContaining("must be owner of");
            // Refused by privilege, before the trigger could refuse it ("audit_events is append-only").
            assertThatThrownBy(() -> s.execute("update audit_events set actor_id = 'x'"))
                    .hasMessageContaining("permission denied for table audit_events");
            assertThatThrownBy(() -> s.execute("delete from wallet_transactions"))
                    .hasMessageContaining("permission denied for table wallet_transactions");
            assertThatThrownBy(() -> s.execute("truncate tenants"))
                    .hasMessageContaining("permission denied for table tenants");
            // What Atrium does need it may do.
            s.execute("update tenants set name = name where false");
            try (ResultSet rs = s.executeQuery("select count(*) from audit_events")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    private static String setting(String name) {
        return app.sql("select current_setting('" + name + "')").query(String.class).single();
    }

    private static Properties passwords() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("postgres-passwords"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/atrium", user, password);
    }
}
