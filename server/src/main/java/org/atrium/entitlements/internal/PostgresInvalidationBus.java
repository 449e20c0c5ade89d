package org.atrium.entitlements.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Invalidation over PostgreSQL's LISTEN/NOTIFY: nothing to run beside the database every node already has. One
 * pooled connection per node listens; notifications are sent on a connection of their own in autocommit, so that
 * they leave at once even when called after a transaction's commit. After a lost connection the node reconnects and
 * drops its whole cache, since it may have missed messages meanwhile.
 */
class PostgresInvalidationBus implements InvalidationBus, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresInvalidationBus.class);
    static final String CHANNEL = "atrium_entitlements";

    private final DataSource dataSource;
    private final String node = UUID.randomUUID().toString();
    private final List<Consumer<String>> receivers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Thread listener;

    PostgresInvalidationBus(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void publish(String message) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, node + "|" + message);
            notify.execute();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            // The other nodes' entries still expire after the cache TTL; nothing better can be done here.
            log.error("Could not send entitlement invalidation '{}' to other nodes", message, e);
        }
    }

    @Override
    public void subscribe(Consumer<String> receiver) {
        receivers.add(receiver);
    }

    @Override
    public String transport() {
        return "PostgreSQL LISTEN/NOTIFY";
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::listen, "atrium-invalidation-listener");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        boolean first = true;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                if (!first) {
                    deliver("all");
                }
                first = false;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        String payload = n.getParameter();
                        int bar = payload.indexOf('|');
                        if (bar > 0 && !payload.substring(0, bar).equals(node)) {
                            deliver(payload.substring(bar + 1));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Entitlement invalidation listener lost its connection; reconnecting", e);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void deliver(String message) {
        for (Consumer<String> receiver : receivers) {
            try {
                receiver.accept(message);
            } catch (RuntimeException e) {
                log.error("Entitlement invalidation '{}' failed", message, e);
            }
        }
    }
}
