package org.atrium.platform.database;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Atrium's production database path and nothing else: {@link EmbeddedDatabaseConfiguration} on a data directory
 * of the test's, with the migrations run by Spring Boot's Flyway, started through {@code SpringApplication} like
 * the server (so the data directory guard and the one-line refusal are those of the real start).
 * <p>
 * As a program (for a test to run it in a JVM of its own and kill it): {@code EmbeddedDatabaseApp <data dir>
 * <marker>} starts, records the marker in a table, prints {@code READY <markers recorded so far>} and waits to be
 * stopped.
 */
@Configuration(proxyBeanMethods = false)
@Import(EmbeddedDatabaseConfiguration.class)
@ImportAutoConfiguration(FlywayAutoConfiguration.class)
public class EmbeddedDatabaseApp {

    static ConfigurableApplicationContext start(Path home, String... extra) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=",
                "--atrium.db.embedded.data-dir=" + home.resolve("postgres"),
                "--atrium.db.embedded.password-file=" + home.resolve("postgres-passwords"),
                "--atrium.db.embedded.lock-file=" + home.resolve("atrium.lock"), "--spring.main.banner-mode=off",
                "--logging.level.org.flywaydb=WARN"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(EmbeddedDatabaseApp.class).web(WebApplicationType.NONE)
                .registerShutdownHook(true).run(args.toArray(String[]::new));
    }

    public static void main(String[] args) throws InterruptedException {
        ConfigurableApplicationContext context = start(Path.of(args[0]));
        JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
        jdbc.sql("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                values ('crash-test', :marker, now(), false, 1)""").param("marker", args[1]).update();
        long markers = jdbc.sql("select count(*) from scheduled_tasks where task_name = 'crash-test'")
                .query(Long.class).single();
        System.out.println("READY " + markers);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
