package org.atrium.platform.database;

import java.io.IOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * With no database configured ({@code ATRIUM_DB_URL} unset), Atrium runs on an embedded PostgreSQL whose data
 * lives under {@code $ATRIUM_DATA_DIR/postgres} and survives restarts, so that a machine with only a JDK can run
 * it: durable, password-protected, on loopback, for one node (see {@link EmbeddedDatabase}). Migrations run as the
 * owner role; the connection pool uses the application role.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseConfigured.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(ObjectProvider<DataDirectoryLock> guardLock, Environment environment,
            @Value("${atrium.db.embedded.data-dir:./data/postgres}") Path dataDir,
            @Value("${atrium.db.embedded.password-file:./data/postgres-passwords}") Path passwordFile,
            @Value("${atrium.db.embedded.port:0}") int port) throws IOException {
        // Taken by DataDirectoryGuard before the context started; taken here when the context was built without it.
        DataDirectoryLock lock = guardLock.getIfAvailable(() -> DataDirectoryLock.acquire(
                DataDirectoryGuard.lockFile(environment)));
        return EmbeddedDatabase.start(lock, dataDir, passwordFile, port);
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedDatabase database, @Value("${atrium.db.embedded.pool-size:20}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(EmbeddedDatabase.APP_ROLE);
        config.setPassword(database.appPassword());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("atrium-embedded");
        return new HikariDataSource(config);
    }

    @Bean
    FlywayConfigurationCustomizer embeddedDatabaseMigrationsAsOwner(EmbeddedDatabase database) {
        return configuration -> configuration.dataSource(database.ownerDataSource());
    }

    @Bean
    ApplicationRoleGrants applicationRoleGrants() {
        return new ApplicationRoleGrants(EmbeddedDatabase.APP_ROLE);
    }

    static class NoDatabaseConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return embedded(context.getEnvironment());
        }

        static boolean embedded(Environment environment) {
            String url = environment.getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
