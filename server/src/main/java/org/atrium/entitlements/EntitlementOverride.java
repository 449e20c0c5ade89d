package org.atrium.entitlements;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * The owner's exception for one tenant: a limit on a metric, or a feature switched on or off.
 *
 * @param kind  {@code limit} or {@code feature}
 * @param limit the limit ({@code -1} unlimited) when {@code kind} is {@code limit}
 * @param until the last tenant-local day it applies, or null for no end
 */
public record EntitlementOverride(String key, String kind, @Nullable Long limit, @Nullable Boolean enabled,
        @Nullable LocalDate until, String reason, String createdBy, Instant createdAt) {

    public static final String LIMIT = "limit";
    public static final String FEATURE = "feature";
}
