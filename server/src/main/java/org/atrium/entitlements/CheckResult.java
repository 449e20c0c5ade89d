package org.atrium.entitlements;

import org.jspecify.annotations.Nullable;

/**
 * The answer to "may the tenant do this?".
 *
 * @param current   usage after the check (after consuming, when it consumed); null for a feature
 * @param limit     the effective limit, {@code -1} for unlimited; null for a feature
 * @param remaining what is left under the limit; null when unlimited or for a feature
 * @param reason    why not, when refused: {@code limit_exceeded}, {@code not_in_plan}, {@code feature_disabled},
 *                  {@code subscription_read_only}, {@code tenant_suspended}
 */
public record CheckResult(boolean allowed, @Nullable Long current, @Nullable Long limit, @Nullable Long remaining,
        @Nullable String reason) {

    public static final String LIMIT_EXCEEDED = "limit_exceeded";
    public static final String NOT_IN_PLAN = "not_in_plan";
    public static final String FEATURE_DISABLED = "feature_disabled";
    public static final String READ_ONLY = "subscription_read_only";
    public static final String SUSPENDED = "tenant_suspended";
}
