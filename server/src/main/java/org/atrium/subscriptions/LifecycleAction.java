package org.atrium.subscriptions;

import org.jspecify.annotations.Nullable;

/**
 * One thing the lifecycle run did, or would do in a dry run: a tenant moving from one status to another, with the
 * amount charged or invoiced.
 */
public record LifecycleAction(String tenant, String action, String from, String to, @Nullable String amount,
        @Nullable String currency, @Nullable String invoice) {
}
