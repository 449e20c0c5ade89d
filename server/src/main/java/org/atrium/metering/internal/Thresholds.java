package org.atrium.metering.internal;

import java.util.ArrayList;
import java.util.List;

/** Which alert thresholds (percent of the limit) a change of usage from {@code before} to {@code after} crossed. */
final class Thresholds {

    static final int[] PERCENTS = { 80, 100 };

    private Thresholds() {
    }

    static List<Integer> crossed(long before, long after, long limit) {
        if (limit <= 0 || after <= before) {
            return List.of();
        }
        List<Integer> crossed = new ArrayList<>(2);
        for (int percent : PERCENTS) {
            long mark = mark(limit, percent);
            if (before < mark && after >= mark) {
                crossed.add(percent);
            }
        }
        return crossed;
    }

    /** The smallest usage that reaches {@code percent} of {@code limit}: 80 % of 7 is 5.6, reached at 6. */
    static long mark(long limit, int percent) {
        // ceil(limit × percent / 100) without forming limit × percent, which passes a long for limits near its end.
        return limit / 100 * percent + (limit % 100 * percent + 99) / 100;
    }
}
