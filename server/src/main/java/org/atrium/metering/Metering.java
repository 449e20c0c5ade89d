package org.atrium.metering;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.atrium.catalog.Metric;
import org.atrium.platform.TenantId;

/** Recording usage and reading it back; the atomic consume step that limit checks build on. */
public interface Metering {

    /** The most events one call may record. */
    int MAX_BATCH = 1_000;

    /**
     * The largest quantity (or level value) one event or one check may carry, 10^12: a counter fed at this size
     * reaches the range of a {@code bigint} only after millions of events, and refuses rather than wraps there.
     */
    long MAX_QUANTITY = 1_000_000_000_000L;

    /** A metric of the catalog's registry, from memory (it is read on every event and every check). */
    Optional<Metric> metric(String key);

    /** Every metric of the registry, by key. */
    Map<String, Metric> all();

    /**
     * Records a batch atomically: every event is validated first and a batch with any invalid event records nothing
     * (a 400 problem naming each offending event). Keys seen before within the retention window are not counted
     * again; a key seen before with a different content is a 409 and the batch records nothing.
     */
    RecordedUsage record(List<UsageEvent> events);

    /**
     * {@link #record(List)}, with {@code field} naming the event at an index in error messages ({@code events[3].}
     * for a batch, empty for a single event).
     */
    RecordedUsage record(List<UsageEvent> events, IntFunction<String> field);

    /** The usage of one metric now, from a cache that this node's writes keep current (see the package docs). */
    CurrentUsage current(TenantId tenant, String metric);

    /** The usage of every metric the tenant has, for the entitlements picture. */
    Map<String, CurrentUsage> current(TenantId tenant, Iterable<String> metrics);

    /**
     * Adds {@code quantity} to the running period's counter (or the level) if the result stays within
     * {@code limit}, in one conditional statement, so that concurrent callers can never together exceed it.
     *
     * @param limit the most the counter may reach, or {@code -1} for no limit
     */
    Consumption consume(TenantId tenant, String metric, long quantity, long limit);

    /** Every period of a counter metric, newest first (the running one included, marked not closed). */
    List<PeriodUsage> history(TenantId tenant, String metric);

    /** Drops this node's cached usage of a tenant (another node crossed one of its limits). */
    void forget(TenantId tenant);
}
