package org.atrium.metering.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.atrium.catalog.Catalog;
import org.atrium.catalog.Metric;
import org.springframework.stereotype.Component;

/**
 * The catalog's metrics, held in memory: they are read on every event and every check. An unknown key reloads the
 * registry (at most once a second, so that a flood of bad keys does not become a flood of queries), and it is
 * reloaded every minute anyway, by one caller while the others go on with the metrics they have.
 */
@Component
class MetricRegistry {

    private static final long RELOAD_NANOS = 60_000_000_000L;
    private static final long MISS_RELOAD_NANOS = 1_000_000_000L;

    private final Catalog catalog;
    private volatile Map<String, Metric> metrics = Map.of();
    private volatile long loadedAt;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    MetricRegistry(Catalog catalog) {
        this.catalog = catalog;
        this.loadedAt = System.nanoTime() - RELOAD_NANOS - 1;
    }

    Optional<Metric> find(String key) {
        long now = System.nanoTime();
        Metric metric = metrics.get(key);
        if (metric == null && now - loadedAt > MISS_RELOAD_NANOS) {
            reload(now);
            metric = metrics.get(key);
        } else if (now - loadedAt > RELOAD_NANOS && refreshDue()) {
            metric = metrics.get(key);
        }
        return Optional.ofNullable(metric);
    }

    Map<String, Metric> all() {
        if (System.nanoTime() - loadedAt > RELOAD_NANOS) {
            refreshDue();
        }
        return metrics;
    }

    /**
     * The minutely reload: done by one caller, while the others go on with the metrics it replaces rather than
     * waiting for it. Until the first load there is nothing to go on with, so every caller waits for that one.
     */
    private boolean refreshDue() {
        if (metrics.isEmpty()) {
            reload(System.nanoTime());
            return true;
        }
        if (!refreshing.compareAndSet(false, true)) {
            return false;
        }
        try {
            reload(System.nanoTime());
            return true;
        } finally {
            refreshing.set(false);
        }
    }

    private synchronized void reload(long now) {
        if (now - loadedAt <= MISS_RELOAD_NANOS && !metrics.isEmpty()) {
            return;
        }
        metrics = catalog.metrics().stream().collect(Collectors.toUnmodifiableMap(Metric::key, Function.identity()));
        loadedAt = System.nanoTime();
    }
}
