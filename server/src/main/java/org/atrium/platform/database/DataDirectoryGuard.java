package org.atrium.platform.database;

import java.nio.file.Path;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Takes the data directory's lock before the application context starts anything, so that a second Atrium on the
 * same data directory stops right there with one clear line (see {@link DataDirectoryInUseReporter}) instead of
 * half-starting. Registered in {@code META-INF/spring.factories}; only acts when the embedded database is used.
 * The lock becomes the bean {@value #BEAN_NAME}, released when the context closes, after the database stopped.
 */
class DataDirectoryGuard implements ApplicationListener<ApplicationPreparedEvent> {

    static final String BEAN_NAME = "atriumDataDirectoryLock";

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        if (!EmbeddedDatabaseConfiguration.NoDatabaseConfigured.embedded(context.getEnvironment())
                || context.getBeanFactory().containsSingleton(BEAN_NAME)) {
            return;
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(lockFile(context.getEnvironment()));
        context.getBeanFactory().registerSingleton(BEAN_NAME, lock);
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory factory) {
            factory.registerDisposableBean(BEAN_NAME, lock::close);
        }
    }

    static Path lockFile(Environment environment) {
        return Path.of(environment.getProperty("atrium.db.embedded.lock-file", "./data/atrium.lock"));
    }
}
