package org.atrium.metering.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.catalog.Metric;
import org.atrium.catalog.MetricKind;
import org.atrium.metering.BillingPeriod;
import org.atrium.metering.BillingPeriods;
import org.atrium.metering.Consumption;
import org.atrium.metering.CurrentUsage;
import org.atrium.metering.Metering;
import org.atrium.metering.PeriodUsage;
import org.atrium.metering.RecordedUsage;
import org.atrium.metering.UsageEvent;
import org.atrium.metering.UsageLimits;
import org.atrium.metering.UsageThresholdCrossed;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Records usage and answers what a tenant has used.
 * <p>
 * Current usage is read from a cache that every write on this node updates with the value the database returned;
 * writes on other nodes are seen when the entry expires ({@code atrium.metering.usage-cache-ttl}, one second by
 * default; an entry in use is reloaded a little ahead of that by one request while the others go on with it) or
 * at once when they take a tenant over a limit (entitlements then tells every node to
 * {@link #forget}). {@link #consume} never trusts the cache: it is one conditional statement in the database.
 */
@Service
class MeteringService implements Metering {

    private static final Logger log = LoggerFactory.getLogger(MeteringService.class);
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/=+-]{0,127}");

    private final UsageStore store;
    private final MetricRegistry metrics;
    private final BillingPeriods periods;
    private final ObjectProvider<UsageLimits> limits;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration retention;
    private final Duration maxSkew;
    private final Duration maxAge;
    private final LoadingCache<UsageKey, Long> usage;

    MeteringService(UsageStore store, MetricRegistry metrics, BillingPeriods periods, ObjectProvider<UsageLimits> limits,
            AuditLog audit, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
            @Value("${atrium.metering.idempotency-window:7d}") Duration retention,
            @Value("${atrium.metering.max-clock-skew:5m}") Duration maxSkew,
            @Value("${atrium.metering.max-event-age:400d}") Duration maxAge,
            @Value("${atrium.metering.usage-cache-ttl:1s}") Duration cacheTtl) {
        this.store = store;
        this.metrics = metrics;
        this.periods = periods;
        this.limits = limits;
        this.audit = audit;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.retention = retention;
        this.maxSkew = maxSkew;
        this.maxAge = maxAge;
        // An entry in use is reloaded ahead of its expiry by the request that finds it due (the others go on with
        // it meanwhile), so that checks do not all wait for the same query every time an entry expires.
        Caffeine<Object, Object> cache = Caffeine.newBuilder().maximumSize(500_000).expireAfterWrite(cacheTtl)
                .executor(Runnable::run);
        Duration refresh = cacheTtl.multipliedBy(3).dividedBy(4);
        if (!refresh.isZero() && !refresh.isNegative()) {
            cache.refreshAfterWrite(refresh);
        }
        this.usage = cache.build(k -> k.periodStart() == null ? store.level(k.tenant(), k.metric())
                : store.counter(k.tenant(), k.metric(), k.periodStart()));
    }

    @Override
    public Optional<Metric> metric(String key) {
        return metrics.find(key);
    }

    @Override
    public Map<String, Metric> all() {
        return metrics.all();
    }

    @Override
    public RecordedUsage record(List<UsageEvent> batch) {
        return record(batch, i -> "events[" + i + "].");
    }

    @Override
    public RecordedUsage record(List<UsageEvent> batch, IntFunction<String> field) {
        if (batch.isEmpty()) {
            throw ProblemException.badRequest("validation", "The batch holds no events", Map.of("events", "is empty"));
        }
        if (batch.size() > MAX_BATCH) {
            throw ProblemException.badRequest("batch-too-large",
                    "A batch holds at most %d events; this one holds %d. Nothing was recorded.".formatted(MAX_BATCH,
                            batch.size()),
                    Map.of("events", "at most " + MAX_BATCH));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, String> errors = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>(batch.size());
        Map<String, Pending> byKey = new HashMap<>();
        List<String> inBatchDuplicates = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = validate(batch.get(i), field.apply(i), now, errors);
            if (p == null) {
                continue;
            }
            Pending earlier = byKey.putIfAbsent(p.identity(), p);
            if (earlier == null) {
                pending.add(p);
            } else if (earlier.sameContentAs(p.event())) {
                inBatchDuplicates.add(p.row().key());
            } else {
                errors.put(field.apply(i) + "idempotencyKey",
                        "repeats the key of another event in this batch with a different content");
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation",
                    "%d of %d events are not valid; nothing was recorded: %s".formatted(errors.size(), batch.size(),
                            errors),
                    errors);
        }
        Outcome outcome = Objects.requireNonNull(tx.execute(status -> store(pending, now)));
        remember(outcome);
        List<String> duplicates = new ArrayList<>(outcome.duplicateKeys());
        duplicates.addAll(inBatchDuplicates);
        return new RecordedUsage(outcome.accepted(), duplicates);
    }

    private @Nullable Pending validate(UsageEvent e, String at, Instant now, Map<String, String> errors) {
        int before = errors.size();
        if (e.idempotencyKey() == null || !KEY.matcher(e.idempotencyKey()).matches()) {
            errors.put(at + "idempotencyKey",
                    "is required: 1 to 128 characters, letters, digits and . _ : / = + -, starting with a letter or digit");
        }
        Metric metric = e.metric() == null || e.metric().isBlank() ? null : metrics.find(e.metric()).orElse(null);
        if (metric == null) {
            errors.put(at + "metric", e.metric() == null || e.metric().isBlank() ? "is required" : "unknown metric '%s'".formatted(e.metric()));
        }
        Instant occurredAt = e.occurredAt() == null ? now : e.occurredAt().truncatedTo(ChronoUnit.MICROS);
        if (occurredAt.isAfter(now.plus(maxSkew))) {
            errors.put(at + "timestamp", "is in the future (more than %s ahead of the server's clock %s)"
                    .formatted(maxSkew, now));
        } else if (occurredAt.isBefore(now.minus(maxAge))) {
            errors.put(at + "timestamp", "is older than %d days".formatted(maxAge.toDays()));
        }
        if (metric != null) {
            if (metric.kind() == MetricKind.LEVEL) {
                if ((e.quantity() == null) == (e.value() == null)) {
                    errors.put(at + "value", "a level metric takes either an absolute value or a quantity (a change)");
                } else if (e.value() != null && (e.value() < 0 || e.value() > MAX_QUANTITY)) {
                    errors.put(at + "value", "must be between 0 and " + MAX_QUANTITY);
                } else if (e.quantity() != null && Math.abs(e.quantity()) > MAX_QUANTITY) {
                    errors.put(at + "quantity", "must be between -%d and %d".formatted(MAX_QUANTITY, MAX_QUANTITY));
                }
            } else {
                if (e.value() != null) {
                    errors.put(at + "value", "'%s' is a %s counter: send a quantity, not a value"
                            .formatted(metric.key(), metric.kind().code()));
                } else if (e.quantity() == null) {
                    errors.put(at + "quantity", "is required");
                } else if (e.quantity() < 0) {
                    errors.put(at + "quantity", "must not be negative for a counter metric");
                } else if (e.quantity() > MAX_QUANTITY) {
                    errors.put(at + "quantity", "must be at most " + MAX_QUANTITY);
                }
            }
        }
        if (errors.size() > before || metric == null) {
            return null;
        }
        BillingPeriod period;
        try {
            period = periodOf(e.tenant(), metric.kind(), occurredAt);
        } catch (ProblemException notFound) {
            errors.put(at + "tenant", "unknown tenant");
            return null;
        }
        return new Pending(new UsageStore.Row(e.tenant(), e.idempotencyKey(), metric.key(), e.quantity(), e.value(),
                occurredAt, period.start()), e, metric.kind(), period);
    }

    private BillingPeriod periodOf(TenantId tenant, MetricKind kind, Instant at) {
        BillingPeriod cycle = periods.containing(tenant, at);
        return kind == MetricKind.DAILY ? BillingPeriod.dayOf(at, cycle.zone()) : cycle;
    }

    private Outcome store(List<Pending> pending, Instant now) {
        List<UsageStore.Row> rows = pending.stream().map(Pending::row).toList();
        Set<String> inserted = new HashSet<>(store.insertNew(rows, now));
        List<Pending> fresh = new ArrayList<>(pending.size());
        List<Pending> repeated = new ArrayList<>();
        for (Pending p : pending) {
            (inserted.contains(p.identity()) ? fresh : repeated).add(p);
        }
        List<String> duplicates = new ArrayList<>();
        if (!repeated.isEmpty()) {
            resolveRepeats(repeated, now, fresh, duplicates);
        }
        Map<UsageKey, Long> written = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        addToCounters(fresh, now, written, alerts);
        applyLevels(fresh, now, written, alerts);
        announce(alerts, now);
        return new Outcome(fresh.size(), duplicates, written);
    }

    /**
     * Keys already stored: a repeat with the same content is a duplicate; one with another content is a conflict
     * (the whole batch is refused); a key older than the retention window is forgotten and counted anew.
     */
    private void resolveRepeats(List<Pending> repeated, Instant now, List<Pending> fresh, List<String> duplicates) {
        Map<String, UsageStore.StoredEvent> stored = new HashMap<>();
        store.find(repeated.stream().map(p -> p.row().tenant()).toList(),
                repeated.stream().map(p -> p.row().key()).toList())
                .forEach(s -> stored.put(s.tenant().value() + "|" + s.key(), s));
        Instant cutoff = now.minus(retention);
        List<Pending> expired = new ArrayList<>();
        for (Pending p : repeated) {
            UsageStore.StoredEvent first = stored.get(p.identity());
            if (first == null) {
                throw new IllegalStateException("Event " + p.identity() + " conflicted but cannot be found");
            }
            if (first.recordedAt().isBefore(cutoff)) {
                store.deleteEvent(p.row().tenant(), p.row().key());
                expired.add(p);
            } else if (p.sameContentAs(first)) {
                duplicates.add(p.row().key());
            } else {
                throw ProblemException.conflict("idempotency-conflict", ("The idempotency key '%s' was used on %s for "
                        + "an event with a different content; nothing from this batch was recorded")
                        .formatted(p.row().key(), first.recordedAt()));
            }
        }
        if (!expired.isEmpty()) {
            Set<String> again = new HashSet<>(store.insertNew(expired.stream().map(Pending::row).toList(), now));
            expired.stream().filter(p -> again.contains(p.identity())).forEach(fresh::add);
        }
    }

    private void addToCounters(List<Pending> fresh, Instant now, Map<UsageKey, Long> written, List<Alert> alerts) {
        Map<UsageKey, long[]> sums = new TreeMap<>(UsageKey.ORDER);
        Map<UsageKey, BillingPeriod> periodsByKey = new HashMap<>();
        for (Pending p : fresh) {
            if (p.kind() == MetricKind.LEVEL || p.row().quantity() == 0) {
                continue;
            }
            UsageKey key = new UsageKey(p.row().tenant(), p.row().metric(), p.period().start());
            long[] sum = sums.computeIfAbsent(key, k -> new long[1]);
            sum[0] = Math.addExact(sum[0], p.row().quantity()); // at most 1,000 × 10^12: far inside a long
            periodsByKey.put(key, p.period());
        }
        if (sums.isEmpty()) {
            return;
        }
        List<UsageStore.CounterDelta> deltas = new ArrayList<>(sums.size());
        sums.forEach((k, sum) -> deltas.add(new UsageStore.CounterDelta(k.tenant(), k.metric(), k.periodStart(),
                periodsByKey.get(k).end(), sum[0])));
        for (UsageStore.CounterValue v : store.addToCounters(deltas, now)) {
            UsageKey key = new UsageKey(v.tenant(), v.metric(), v.periodStart());
            written.put(key, v.value());
            long delta = sums.get(key)[0];
            alerts.add(new Alert(key, periodsByKey.get(key), v.value() - delta, v.value()));
        }
    }

    private void applyLevels(List<Pending> fresh, Instant now, Map<UsageKey, Long> written, List<Alert> alerts) {
        List<Pending> levels = fresh.stream().filter(p -> p.kind() == MetricKind.LEVEL)
                .sorted(Comparator.comparing((Pending p) -> p.row().tenant().value())
                        .thenComparing(p -> p.row().metric()).thenComparing(p -> p.row().occurredAt()))
                .toList();
        for (Pending p : levels) {
            UsageStore.Row r = p.row();
            Optional<UsageStore.Level> current = store.lockLevel(r.tenant(), r.metric());
            long before = current.map(UsageStore.Level::value).orElse(0L);
            Instant observed = current.map(UsageStore.Level::observedAt).orElse(Instant.EPOCH);
            long after;
            Instant observedAfter;
            if (r.value() != null) {
                if (r.occurredAt().isBefore(observed)) {
                    continue; // a newer absolute value is already known
                }
                after = r.value();
                observedAfter = r.occurredAt();
            } else {
                try {
                    after = Math.addExact(before, r.quantity());
                } catch (ArithmeticException e) {
                    throw ProblemException.conflict("counter-out-of-range", ("Event '%s' would take %s past the "
                            + "largest value a level can hold; nothing from this batch was recorded").formatted(r.key(),
                                    r.metric()));
                }
                observedAfter = r.occurredAt().isAfter(observed) ? r.occurredAt() : observed;
                if (after < 0) {
                    throw ProblemException.conflict("level-below-zero", ("Event '%s' would take %s below zero (%d %+d); "
                            + "nothing from this batch was recorded").formatted(r.key(), r.metric(), before,
                                    r.quantity()));
                }
            }
            store.setLevel(r.tenant(), r.metric(), after, observedAfter, now);
            UsageKey key = new UsageKey(r.tenant(), r.metric(), null);
            written.put(key, after);
            alerts.add(new Alert(key, periods.current(r.tenant()), before, after));
        }
    }

    /** Announces each threshold the writes crossed, once per period: audit entry and event, in this transaction. */
    private void announce(List<Alert> alerts, Instant now) {
        UsageLimits source = limits.getIfAvailable();
        if (source == null) {
            return;
        }
        for (Alert a : alerts) {
            if (a.after() <= a.before()) {
                continue;
            }
            OptionalLong limit = source.limit(a.key().tenant(), a.key().metric());
            if (limit.isEmpty() || limit.getAsLong() <= 0) {
                continue;
            }
            for (int threshold : Thresholds.crossed(a.before(), a.after(), limit.getAsLong())) {
                if (store.markAlert(a.key().tenant(), a.key().metric(), a.period().start(), threshold, a.after(),
                        limit.getAsLong(), now)) {
                    UsageThresholdCrossed crossed = new UsageThresholdCrossed(a.key().tenant(), a.key().metric(),
                            threshold, a.after(), limit.getAsLong(), a.period().start(), a.period().end());
                    audit.record(AuditEntry.of("usage.threshold_crossed", a.key().tenant(), a.key().metric(), null,
                            crossed));
                    events.publishEvent(crossed);
                }
            }
        }
    }

    @Override
    public CurrentUsage current(TenantId tenant, String metricKey) {
        Metric metric = requireMetric(metricKey);
        if (metric.kind() == MetricKind.LEVEL) {
            long value = usage.get(new UsageKey(tenant, metric.key(), null));
            return new CurrentUsage(metric.key(), metric.kind(), value, null);
        }
        BillingPeriod period = periodOf(tenant, metric.kind(), clock.instant());
        long value = usage.get(new UsageKey(tenant, metric.key(), period.start()));
        return new CurrentUsage(metric.key(), metric.kind(), value, period);
    }

    @Override
    public Map<String, CurrentUsage> current(TenantId tenant, Iterable<String> metricKeys) {
        Map<String, CurrentUsage> result = new LinkedHashMap<>();
        for (String key : metricKeys) {
            result.put(key, current(tenant, key));
        }
        return result;
    }

    @Override
    public Consumption consume(TenantId tenant, String metricKey, long quantity, long limit) {
        Metric metric = requireMetric(metricKey);
        if (quantity < 0 || quantity > MAX_QUANTITY) {
            throw ProblemException.invalidField("quantity", "must be between 0 and " + MAX_QUANTITY);
        }
        if (limit >= 0 && quantity > limit) {
            return new Consumption(false, current(tenant, metricKey).value());
        }
        Instant now = clock.instant();
        BillingPeriod period = metric.kind() == MetricKind.LEVEL ? periods.current(tenant)
                : periodOf(tenant, metric.kind(), now);
        UsageKey key = new UsageKey(tenant, metric.key(), metric.kind() == MetricKind.LEVEL ? null : period.start());
        Consumption result = Objects.requireNonNull(tx.execute(status -> {
            OptionalLong taken = metric.kind() == MetricKind.LEVEL
                    ? store.consumeLevel(tenant, metric.key(), quantity, limit, now)
                    : store.consumeCounter(tenant, metric.key(), period, quantity, limit, now);
            if (taken.isEmpty()) {
                long current = metric.kind() == MetricKind.LEVEL ? store.level(tenant, metric.key())
                        : store.counter(tenant, metric.key(), period.start());
                return new Consumption(false, current);
            }
            long after = taken.getAsLong();
            announce(List.of(new Alert(key, period, after - quantity, after)), now);
            return new Consumption(true, after);
        }));
        if (metric.kind() == MetricKind.LEVEL) {
            usage.put(key, result.current());
        } else {
            usage.asMap().merge(key, result.current(), Math::max);
        }
        return result;
    }

    @Override
    public List<PeriodUsage> history(TenantId tenant, String metricKey) {
        Metric metric = requireMetric(metricKey);
        if (metric.kind() == MetricKind.LEVEL) {
            throw ProblemException.invalidField("metric", "'%s' is a level; it has no periods".formatted(metricKey));
        }
        LocalDate today = clock.instant().atZone(periods.current(tenant).zone()).toLocalDate();
        return store.history(tenant, metric.key(), today);
    }

    @Override
    public void forget(TenantId tenant) {
        usage.asMap().keySet().removeIf(k -> k.tenant().equals(tenant));
    }

    /** Keys older than the retention window stop being duplicates; their events go, the counters stay. */
    @Scheduled(fixedDelayString = "${atrium.metering.purge-interval:1h}", initialDelayString = "PT1M")
    void purgeExpiredKeys() {
        int purged = store.purgeEventsRecordedBefore(clock.instant().minus(retention));
        if (purged > 0) {
            log.info("Purged {} usage events recorded more than {} ago", purged, retention);
        }
    }

    private void remember(Outcome outcome) {
        outcome.written().forEach((key, value) -> {
            if (key.periodStart() == null) {
                usage.put(key, value);
            } else {
                usage.asMap().merge(key, value, Math::max);
            }
        });
    }

    private Metric requireMetric(String key) {
        return metrics.find(key).orElseThrow(() -> ProblemException.badRequest("unknown-metric",
                "There is no metric '%s'; see GET /api/v1/metrics".formatted(key), Map.of("metric", "unknown metric")));
    }

    /** A validated event, with the period it counts toward. */
    private record Pending(UsageStore.Row row, UsageEvent event, MetricKind kind, BillingPeriod period) {

        String identity() {
            return row.tenant().value() + "|" + row.key();
        }

        boolean sameContentAs(UsageEvent other) {
            return row.metric().equals(other.metric()) && Objects.equals(row.quantity(), other.quantity())
                    && Objects.equals(row.value(), other.value())
                    && (other.occurredAt() == null || event.occurredAt() == null
                            || other.occurredAt().truncatedTo(ChronoUnit.MICROS).equals(row.occurredAt()));
        }

        boolean sameContentAs(UsageStore.StoredEvent stored) {
            return row.metric().equals(stored.metric()) && Objects.equals(row.quantity(), stored.quantity())
                    && Objects.equals(row.value(), stored.value())
                    && (event.occurredAt() == null || row.occurredAt().equals(stored.occurredAt()));
        }
    }

    private record Alert(UsageKey key, BillingPeriod period, long before, long after) {
    }

    private record Outcome(int accepted, List<String> duplicateKeys, Map<UsageKey, Long> written) {
    }

    /** A cached usage value: a counter of one period, or a level ({@code periodStart} null). */
    record UsageKey(TenantId tenant, String metric, @Nullable LocalDate periodStart) {

        static final Comparator<UsageKey> ORDER = Comparator.comparing((UsageKey k) -> k.tenant().value())
                .thenComparing(UsageKey::metric)
                .thenComparing(k -> k.periodStart() == null ? LocalDate.MIN : k.periodStart());
    }
}
