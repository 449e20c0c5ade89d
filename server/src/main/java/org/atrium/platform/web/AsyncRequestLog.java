package org.atrium.platform.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Writes the request log ({@link RequestLogging}, one line per request) from a background thread. Without it every
 * request formats its line and writes it to the console or the log file itself, one system call each, under the
 * appender's lock, while its client waits; with two dozen requests in flight on a few cores, a thread preempted while
 * holding that lock holds up all the others.
 * <p>
 * The line still goes to the same appenders, with their own filters and layout (each wrapped in a Logback
 * {@link AsyncAppender}), and is never dropped: when the queue is full a request waits for room, as it waited for
 * the write before. Other loggers are left as they are. Applies only to Logback, Spring Boot's default, and only
 * while nothing but the root logger has appenders for the request log (a logging configuration that routes it
 * elsewhere is left alone).
 */
@Component
class AsyncRequestLog implements DisposableBean {

    private static final int QUEUE_SIZE = 8192;
    private static final int MAX_FLUSH_MILLIS = 5_000;

    private final List<AsyncAppender> installed = new ArrayList<>();
    private Logger requestLog;

    AsyncRequestLog() {
        this(LoggerFactory.getILoggerFactory());
    }

    AsyncRequestLog(ILoggerFactory loggers) {
        if (!(loggers instanceof LoggerContext context)) {
            return;
        }
        Logger logger = context.getLogger(RequestLogging.LOGGER);
        for (String name = RequestLogging.LOGGER;; name = name.substring(0, name.lastIndexOf('.'))) {
            Logger inChain = context.getLogger(name);
            if (!inChain.isAdditive() || inChain.iteratorForAppenders().hasNext()) {
                return;
            }
            if (name.indexOf('.') < 0) {
                break;
            }
        }
        for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME)
                .iteratorForAppenders(); it.hasNext();) {
            Appender<ILoggingEvent> target = it.next();
            AsyncAppender async = new AsyncAppender();
            async.setContext(context);
            async.setName("ASYNC_REQUEST_LOG_" + target.getName());
            async.setQueueSize(QUEUE_SIZE);
            async.setDiscardingThreshold(0); // the default drops INFO lines when the queue is four fifths full
            async.setNeverBlock(false);
            async.setIncludeCallerData(false);
            async.setMaxFlushTime(MAX_FLUSH_MILLIS);
            // Through a forwarder: an AsyncAppender stops the appenders attached to it when it stops, and the
            // target (the console, the log file) must go on serving every other logger until logging shuts down.
            async.addAppender(new Forwarder(context, target));
            async.start();
            installed.add(async);
        }
        if (installed.isEmpty()) {
            return;
        }
        installed.forEach(logger::addAppender);
        logger.setAdditive(false);
        requestLog = logger;
    }

    /** Hands the request log back to the root logger's appenders, after writing out what is queued. */
    @Override
    public void destroy() {
        if (requestLog == null || installed.stream().noneMatch(requestLog::isAttached)) {
            return; // the logging system was reset meanwhile, which detached and stopped them
        }
        requestLog.setAdditive(true);
        for (AsyncAppender async : installed) {
            requestLog.detachAppender(async);
            async.stop();
        }
    }

    /** Hands each event to the target appender; stopping it leaves the target running. */
    private static final class Forwarder extends UnsynchronizedAppenderBase<ILoggingEvent> {

        private final Appender<ILoggingEvent> target;

        Forwarder(LoggerContext context, Appender<ILoggingEvent> target) {
            this.target = target;
            setContext(context);
            setName("FORWARD_TO_" + target.getName());
            start();
        }

        @Override
        protected void append(ILoggingEvent event) {
            target.doAppend(event);
        }
    }
}
