package org.atrium.platform.database;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * On an external PostgreSQL ({@code ATRIUM_DB_URL}) with {@code ATRIUM_DB_MIGRATION_USER} set, migrations run as
 * that role (the owner of the schema) and the application's role ({@code ATRIUM_DB_USER}) is granted what it needs
 * after each run. Without it, one role does both, as before.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ExternalDatabaseConfiguration.SeparateMigrationRole.class)
class ExternalDatabaseConfiguration {

    @Bean
    FlywayConfigurationCustomizer migrationsAsOwner(@Value("${spring.datasource.url}") String url,
            @Value("${atrium.db.migration.url:}") String migrationUrl,
            @Value("${atrium.db.migration.user}") String user,
            @Value("${atrium.db.migration.password:}") String password) {
        String target = migrationUrl.isBlank() ? url : migrationUrl;
        return configuration -> configuration.dataSource(target, user, password);
    }

    @Bean
    ApplicationRoleGrants applicationRoleGrants(@Value("${spring.datasource.username}") String applicationRole) {
        return new ApplicationRoleGrants(applicationRole);
    }

    /** An external database, and a migration role other than the application's. */
    static class SeparateMigrationRole implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            String migrationUser = environment.getProperty("atrium.db.migration.user", "");
            return !EmbeddedDatabaseConfiguration.NoDatabaseConfigured.embedded(environment)
                    && !migrationUser.isBlank()
                    && !migrationUser.equals(environment.getProperty("spring.datasource.username", ""));
        }
    }
}
