package org.atrium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;

/** The request log goes to the root logger's appenders through a background thread, and comes back on close. */
class AsyncRequestLogTests {

    private final LoggerContext context = new LoggerContext();
    private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger requestLog = context.getLogger(RequestLogging.LOGGER);
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();

    @BeforeEach
    void listenOnTheRootLogger() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        root.setLevel(Level.INFO);
        written.setContext(context);
        written.setName("test-list");
        written.start();
        root.addAppender(written);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void everyLineReachesTheRootAppendersOnceAndInOrderAfterClose() {
        AsyncRequestLog async = new AsyncRequestLog(context);
        assertThat(requestLog.isAdditive()).isFalse();
        for (int i = 0; i < 20_000; i++) { // more than the queue holds: requests wait, nothing is dropped
            context.getLogger(RequestLogging.LOGGER).info("line {}", i);
        }
        async.destroy();

        assertThat(written.list).hasSize(20_000);
        assertThat(written.list.get(0).getFormattedMessage()).isEqualTo("line 0");
        assertThat(written.list.get(19_999).getFormattedMessage()).isEqualTo("line 19999");
        assertThat(requestLog.isAdditive()).isTrue();
        assertThat(requestLog.iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void theRootAppendersGoOnWorkingAfterClose() {
        // Beans destroyed after this one (the connection pool, the database) still log on shutdown: closing the
        // request log must not stop the console or the log file. Before, it did, and they got "Attempted to append
        // to non started appender".
        AsyncRequestLog async = new AsyncRequestLog(context);
        async.destroy();

        assertThat(written.isStarted()).isTrue();
        context.getLogger("atrium.other").info("after close");
        assertThat(written.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("after close");
    }

    @Test
    void otherLoggersStayOnTheCallersThread() {
        AsyncRequestLog async = new AsyncRequestLog(context);
        try {
            context.getLogger("atrium.other").warn("direct");
            assertThat(written.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("direct");
            assertThat(written.list.get(0).getThreadName()).isEqualTo(Thread.currentThread().getName());
        } finally {
            async.destroy();
        }
    }

    @Test
    void leavesARequestLogRoutedElsewhereAlone() {
        ListAppender<ILoggingEvent> own = new ListAppender<>();
        own.setContext(context);
        own.start();
        requestLog.addAppender(own);
        try {
            AsyncRequestLog async = new AsyncRequestLog(context);
            context.getLogger(RequestLogging.LOGGER).info("line");
            async.destroy();

            assertThat(own.list).hasSize(1);
            assertThat(requestLog.isAdditive()).isTrue();
        } finally {
            requestLog.detachAppender(own);
        }
    }
}
