package org.atrium.developer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.jspecify.annotations.Nullable;

/**
 * The API usage log: every call made with a tenant API key, recorded off the request thread (a bounded buffer written
 * in batches; when it is full a call is counted as dropped, never waited for), kept for the retention period, with
 * daily roll-ups per key and status kept longer.
 */
public interface ApiUsage {

    /**
     * One call.
     *
     * @param route          the matched route template ({@code /api/v1/tenants/{slug}/wallet}), or null when no route
     *                       matched
     * @param durationMicros from the request's arrival at the key's filters to its answer
     */
    record Call(UUID keyId, String method, @Nullable String route, int status, long durationMicros, String address,
            Instant at) {
    }

    /** Calls of one key on one UTC day that were answered with one status. */
    record Daily(UUID keyId, LocalDate day, int status, long calls, long averageDurationMicros) {
    }

    /**
     * Which calls to list; every field is optional.
     *
     * @param status an exact status ({@code 404}) or, from 1 to 5, a class ({@code 4} for every 4xx)
     */
    record Filter(@Nullable UUID keyId, @Nullable String method, @Nullable String route, @Nullable Integer status,
            @Nullable Instant from, @Nullable Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null, null, null);
    }

    /** A tenant's calls, newest first. 404 for a tenant that does not exist. */
    PageResponse<Call> calls(String slug, Filter filter, PageRequest paging);

    /** A tenant's daily roll-ups from {@code from} to {@code to} (both included), newest day first. */
    List<Daily> daily(String slug, @Nullable UUID keyId, LocalDate from, LocalDate to);

    /** Deletes calls older than the retention period (and roll-ups older than theirs); answers how many calls. */
    int prune();

    /** Writes out what is buffered now; for shutdown, tests and benchmarks. */
    void flush();

    /** Turns recording off or on at run time (the benchmark compares the two on one server). */
    void setRecording(boolean on);

    /** Calls that were not recorded because the buffer was full, since start. */
    long dropped();
}
