package org.atrium.metering.internal;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.atrium.catalog.Catalog;
import org.atrium.catalog.Metric;
import org.springframework.stereotype.Component;

/**
 * The catalog's metrics, held in memory: they are read on every event and every check. An unknown key reloads the
 * registry (at most once a second, so that a flood of bad keys does not become a flood of queries), and it is
 * reloaded every minute anyway.
 */
@Component
class MetricRegistry {

    private static final long RELOAD_NANOS = 60_000_000_000L;
    private static final long MISS_RELOAD_NANOS = 1_000_000_000L;

    private final Catalog catalog;
    private volatile Map<String, Metric> metrics = Map.of();
    private volatile long loadedAt;

    MetricRegistry(Catalog catalog) {
        this.catalog = catalog;
        this.loadedAt = System.nanoTime() - RELOAD_NANOS - 1;
    }

    Optional<Metric> find(String key) {
        long now = System.nanoTime();
        Metric metric = metrics.get(key);
        if (metric == null && now - loadedAt > MISS_RELOAD_NANOS || now - loadedAt > RELOAD_NANOS) {
            reload(now);
            metric = metrics.get(key);
        }
        return Optional.ofNullable(metric);
    }

    Map<String, Metric> all() {
        if (System.nanoTime() - loadedAt > RELOAD_NANOS) {
            reload(System.nanoTime());
        }
        return metrics;
    }

    private synchronized void reload(long now) {
        if (now - loadedAt <= MISS_RELOAD_NANOS && !metrics.isEmpty()) {
            return;
        }
        metrics = catalog.metrics().stream().collect(Collectors.toUnmodifiableMap(Metric::key, Function.identity()));
        loadedAt = System.nanoTime();
    }
}
