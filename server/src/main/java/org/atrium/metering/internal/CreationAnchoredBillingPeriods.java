package org.atrium.metering.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.atrium.metering.BillingPeriod;
import org.atrium.metering.BillingPeriods;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Monthly billing periods anchored on the day the tenant was created, in its time zone: created January 15, the
 * periods start January 15, February 15, March 15 …
 * <p>
 * Stands in until subscriptions exist: then a {@link BillingPeriods} backed by the subscription's own period
 * ({@code Subscriptions#find(TenantId)} → {@code periodStart()}, {@code periodEnd()}, {@code timezone()}) replaces
 * this class. The anchor and zone are cached for a minute, because a tenant's time zone may be edited.
 */
@org.springframework.stereotype.Component
class CreationAnchoredBillingPeriods implements BillingPeriods {

    private final Clock clock;
    private final LoadingCache<TenantId, Anchor> anchors;

    CreationAnchoredBillingPeriods(Tenants tenants, Clock clock) {
        this.clock = clock;
        // Reloaded ahead of expiry by the request that finds it due, while the others go on with it.
        this.anchors = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(1))
                .refreshAfterWrite(Duration.ofSeconds(45)).executor(Runnable::run).build(id -> {
                    Tenant t = tenants.require(id);
                    ZoneId zone = ZoneId.of(t.regional().timezone());
                    return new Anchor(t.createdAt().atZone(zone).toLocalDate(), zone);
                });
    }

    @Override
    public BillingPeriod current(TenantId tenant) {
        return containing(tenant, clock.instant());
    }

    @Override
    public BillingPeriod containing(TenantId tenant, Instant instant) {
        Anchor anchor = anchors.get(tenant);
        return monthly(anchor.date(), instant.atZone(anchor.zone()).toLocalDate(), anchor.zone());
    }

    /**
     * The monthly period anchored on {@code anchor} that contains {@code day}. Every boundary is
     * {@code anchor.plusMonths(n)}, never the previous boundary plus a month, so that a 31st anchor falls back to the
     * last day of shorter months and returns to the 31st afterwards.
     */
    static BillingPeriod monthly(LocalDate anchor, LocalDate day, ZoneId zone) {
        long n = ChronoUnit.MONTHS.between(anchor, day);
        while (anchor.plusMonths(n).isAfter(day)) {
            n--;
        }
        while (!anchor.plusMonths(n + 1).isAfter(day)) {
            n++;
        }
        return new BillingPeriod(anchor.plusMonths(n), anchor.plusMonths(n + 1), zone);
    }

    private record Anchor(LocalDate date, ZoneId zone) {
    }
}
