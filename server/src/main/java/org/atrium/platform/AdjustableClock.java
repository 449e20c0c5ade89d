package org.atrium.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of Atrium: the system clock plus an offset that only moves forward. The offset is zero unless
 * sandbox mode lets staff travel in time, so that every lifecycle rule can be exercised month by month.
 */
public final class AdjustableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    public AdjustableClock(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO));
    }

    private AdjustableClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new AdjustableClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
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
        Duration by = Duration.between(instant(), target);
        return advance(by);
    }

    public Duration offset() {
        return offset.get();
    }
}
