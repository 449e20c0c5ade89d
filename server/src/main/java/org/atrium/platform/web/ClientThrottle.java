package org.atrium.platform.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.atrium.platform.ProblemException;
import org.springframework.http.HttpStatus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

/**
 * An allowance per client (its IP address) for something that must not be done often: at most {@code limit} times
 * per {@code window}, given back gradually. Kept in this node's memory: with several nodes behind a load balancer,
 * each allows the full limit. Forgets clients it has not seen for a window.
 * <p>
 * The client's address is what the servlet container reports; behind a reverse proxy, set
 * {@code server.forward-headers-strategy=native} so that it is the client's, not the proxy's.
 */
public final class ClientThrottle {

    private final int limit;
    private final Duration window;
    private final Cache<String, Bucket> buckets;

    public ClientThrottle(int limit, Duration window) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A throttle needs a limit of at least 1 and a positive window");
        }
        this.limit = limit;
        this.window = window;
        this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
    }

    /** Uses one of the client's allowance: empty when allowed, else how long until the next one would be. */
    public Optional<Duration> take(String client) {
        ConsumptionProbe probe = bucket(client).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(retryAfter(probe.getNanosToWaitForRefill()));
    }

    /** Whether the client has any allowance left, without using it: empty when it has, else how long to wait. */
    public Optional<Duration> check(String client) {
        Bucket bucket = buckets.getIfPresent(client);
        if (bucket == null) {
            return Optional.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(retryAfter(probe.getNanosToWaitForRefill()));
    }

    /** The 429 problem that refuses a throttled client, with {@code Retry-After}. */
    public ProblemException refusal(String kind, String detail, Duration wait) {
        return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, kind, detail,
                Map.of("limit", limit, "windowSeconds", window.toSeconds(), "retryAfterSeconds", wait.toSeconds()),
                Map.of("Retry-After", String.valueOf(wait.toSeconds())));
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    private Bucket bucket(String client) {
        return buckets.get(client, k -> Bucket.builder()
                .addLimit(l -> l.capacity(limit).refillGreedy(limit, window)).build());
    }

    /** Whole seconds, at least one: what a Retry-After header can say. */
    private static Duration retryAfter(long nanos) {
        return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
