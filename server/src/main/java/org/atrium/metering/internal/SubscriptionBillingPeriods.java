package org.atrium.metering.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import org.atrium.metering.BillingPeriod;
import org.atrium.metering.BillingPeriods;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.Subscriptions;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Billing periods as the tenant's subscription defines them, so per-cycle counters reset on the cycle anniversary
 * (and on the day a new period starts after a recovery or an assignment). Tenants without a subscription fall back
 * to periods anchored on their creation date.
 * <p>
 * The subscription is cached briefly; an instant past the cached period's end belongs to the period that follows
 * it, so a renewal that this node has not seen yet still counts usage in the right period.
 */
@Service
@Primary
class SubscriptionBillingPeriods implements BillingPeriods {

    private final CreationAnchoredBillingPeriods fallback;
    private final Clock clock;
    private final LoadingCache<TenantId, Optional<Subscription>> cache;

    SubscriptionBillingPeriods(Subscriptions subscriptions, CreationAnchoredBillingPeriods fallback, Clock clock) {
        this.fallback = fallback;
        this.clock = clock;
        // Reloaded ahead of expiry by the request that finds it due, while the others go on with it.
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(30))
                .refreshAfterWrite(Duration.ofSeconds(20)).executor(Runnable::run).build(subscriptions::find);
    }

    @Override
    public BillingPeriod current(TenantId tenant) {
        return containing(tenant, clock.instant());
    }

    @Override
    public BillingPeriod containing(TenantId tenant, Instant instant) {
        Optional<Subscription> found = cache.get(tenant);
        if (found.isEmpty()) {
            return fallback.containing(tenant, instant);
        }
        Subscription s = found.get();
        ZoneId zone = s.zone();
        LocalDate day = instant.atZone(zone).toLocalDate();
        LocalDate start = s.periodStart();
        LocalDate end = s.periodEnd();
        int months = s.cycle().months();
        if (!day.isBefore(start) && day.isBefore(end)) {
            return new BillingPeriod(start, end, zone);
        }
        if (!day.isBefore(end)) {
            // Later than the period this node knows: the periods that follow, one cycle each from its end.
            LocalDate from = end;
            for (int n = 1; n < 1_000; n++) {
                LocalDate next = end.plusMonths((long) months * n);
                if (day.isBefore(next)) {
                    return new BillingPeriod(from, next, zone);
                }
                from = next;
            }
        }
        // Before the current period: the cycles that led up to it, counted back from its start.
        LocalDate to = start;
        for (int n = 1; n < 1_000; n++) {
            LocalDate previous = start.minusMonths((long) months * n);
            if (!day.isBefore(previous)) {
                return new BillingPeriod(previous, to, zone);
            }
            to = previous;
        }
        return fallback.containing(tenant, instant);
    }
}
