package org.atrium.platform.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a refused start on a data directory in use as one log line instead of Spring Boot's failure report with
 * the whole chain of causes. Registered in {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DataDirectoryInUseReporter implements SpringBootExceptionReporter {

    private static final Logger log = LoggerFactory.getLogger("org.atrium.startup");

    @Override
    public boolean reportException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataDirectoryInUseException inUse) {
                log.error(inUse.getMessage());
                return true;
            }
        }
        return false;
    }
}
