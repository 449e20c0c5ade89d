package org.atrium.subscriptions;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * What a tenant does with its own subscription from its portal: see the price of a plan change before making it,
 * make it (an upgrade now with proration, a downgrade at period end), cancel at period end or take the cancellation
 * back, and switch auto-renewal. The same computations as the owner's API; the caller has checked the user's
 * permission. A plan change is open to a trial or an active subscription only (409 otherwise: an unpaid one is
 * restored by paying, not by changing plan).
 */
public interface SelfService {

    /** What changing to {@code plan} (and {@code cycle}, the current one when null) would cost today. */
    ProrationQuote quote(TenantId tenant, String plan, @Nullable String cycle);

    /** Changes plan exactly as {@link #quote} priced it (402 when the wallet cannot cover an upgrade). */
    Subscription changePlan(TenantId tenant, String plan, @Nullable String cycle);

    Subscription cancelAtPeriodEnd(TenantId tenant, String reason);

    /** Takes back a cancellation at period end (409 when none is set). */
    Subscription resume(TenantId tenant);

    Subscription autoRenew(TenantId tenant, boolean enabled);
}
