package org.atrium.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one clock of Atrium: the system clock plus an offset that only moves forward. The offset is zero unless
 * sandbox mode lets staff travel in time, so that every lifecycle rule can be exercised month by month.
 * <p>
 * In sandbox mode a tenant may have a test clock of its own, ahead of this one; work done for that tenant runs
 * inside {@link #ahead(Duration, Supplier)}, so that everything it reads from the clock (invoice dates, usage
 * periods, audit times) is the tenant's time and not the platform's.
 */
public final class AdjustableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;
    private final ThreadLocal<Duration> ahead;

    public AdjustableClock(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO), new ThreadLocal<>());
    }

    private AdjustableClock(Clock base, AtomicReference<Duration> offset, ThreadLocal<Duration> ahead) {
        this.base = base;
        this.offset = offset;
        this.ahead = ahead;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new AdjustableClock(base.withZone(zone), offset, ahead);
    }

    @Override
    public Instant instant() {
        Duration extra = ahead.get();
        Instant now = base.instant().plus(offset.get());
        return extra == null ? now : now.plus(extra);
    }

    /** Moves the clock forward; refuses to go back, because nothing in billing may happen twice. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward");
        }
        return base.instant().plus(offset.accumulateAndGet(by, Duration::plus));
    }

    /** Moves the clock forward to the given instant. */
    public Instant advanceTo(Instant target) {
        Duration by = Duration.between(platformInstant(), target);
        return advance(by);
    }

    /**
     * Takes an offset kept elsewhere (the database, another node) when it is ahead of this one; an offset behind is
     * ignored, so the clock still never goes back.
     */
    public Duration restore(Duration stored) {
        return offset.accumulateAndGet(stored, (mine, theirs) -> theirs.compareTo(mine) > 0 ? theirs : mine);
    }

    public Duration offset() {
        return offset.get();
    }

    /** The platform's time, even inside {@link #ahead}. */
    public Instant platformInstant() {
        return base.instant().plus(offset.get());
    }

    /** The time without any offset: what a real clock says now. */
    public Instant realInstant() {
        return base.instant();
    }

    /**
     * Runs {@code work} on this thread with the clock {@code extra} ahead of the platform's time: a tenant's test
     * clock. A nested call sets the time for its own work and restores the outer one after.
     */
    public <T> T ahead(Duration extra, Supplier<T> work) {
        if (extra.isNegative()) {
            throw new IllegalArgumentException("A tenant's clock is never behind the platform's");
        }
        Duration outer = ahead.get();
        ahead.set(extra);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                ahead.remove();
            } else {
                ahead.set(outer);
            }
        }
    }
}
