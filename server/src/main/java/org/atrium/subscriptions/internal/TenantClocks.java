package org.atrium.subscriptions.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.atrium.platform.AdjustableClock;
import org.atrium.platform.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The sandbox clocks as this node knows them: the platform's offset and the tenants' test clocks, read from the
 * database at start and again every few seconds (so that every node follows an advance made on another), and
 * written there on every change.
 * <p>
 * A tenant's test clock is an offset from real time that is never behind the platform's: the tenant's time is the
 * later of the two. Work for that tenant runs inside {@link #inTenantTime}, where the injected clock says the
 * tenant's time.
 */
@Component
class TenantClocks {

    private static final Logger log = LoggerFactory.getLogger(TenantClocks.class);

    private final AdjustableClock clock;
    private final SandboxClocks store;
    private final boolean sandbox;
    private volatile Map<TenantId, Duration> offsets = Map.of();

    TenantClocks(AdjustableClock clock, SandboxClocks store, @Value("${atrium.sandbox:false}") boolean sandbox) {
        this.clock = clock;
        this.store = store;
        this.sandbox = sandbox;
    }

    boolean sandbox() {
        return sandbox;
    }

    /** Takes the stored offsets: the platform's when it is ahead of this node's, and every tenant's. */
    void refresh() {
        if (!sandbox) {
            return;
        }
        store.platformOffset().ifPresent(clock::restore);
        offsets = Map.copyOf(store.tenantOffsets());
    }

    /** Keeps this node's platform offset in the database (after the clock moved forward). */
    Duration persistPlatform() {
        return clock.restore(store.savePlatformOffset(clock.offset()));
    }

    Set<TenantId> tenants() {
        return offsets.keySet();
    }

    boolean hasOwnClock(TenantId tenant) {
        return offsets.containsKey(tenant);
    }

    /** How far the tenant's clock is ahead of the platform's; zero without a clock of its own or once caught up. */
    Duration ahead(TenantId tenant) {
        Duration own = offsets.get(tenant);
        if (own == null) {
            return Duration.ZERO;
        }
        Duration ahead = own.minus(clock.offset());
        return ahead.isNegative() ? Duration.ZERO : ahead;
    }

    /** The tenant's time now: the platform's, or later on its own clock. */
    Instant now(TenantId tenant) {
        return clock.platformInstant().plus(ahead(tenant));
    }

    /** Largest offset of any tenant's clock (zero without any), so that a platform advance respects their bound. */
    Duration largestOffset() {
        return offsets.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Runs work for one tenant with the clock at the tenant's time. */
    <T> T inTenantTime(TenantId tenant, Supplier<T> work) {
        if (!offsets.containsKey(tenant)) {
            return work.get();
        }
        return clock.ahead(ahead(tenant), work);
    }

    /** Gives the tenant its own clock, or moves it forward to {@code instant}; it never goes back. */
    Instant moveTo(TenantId tenant, Instant instant) {
        Duration offset = Duration.between(clock.realInstant(), instant);
        Duration platform = clock.offset();
        Duration stored = store.saveTenantOffset(tenant, offset.compareTo(platform) < 0 ? platform : offset);
        Map<TenantId, Duration> copy = new java.util.HashMap<>(offsets);
        copy.put(tenant, stored);
        offsets = Map.copyOf(copy);
        log.debug("Test clock of tenant {} at offset {}", tenant, stored);
        return now(tenant);
    }
}
