package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's auto top-up: when its wallet's balance falls below {@code threshold}, its saved Stripe card is charged
 * {@code amount} off-session, once per fall below the threshold, and the wallet credited like any recharge.
 *
 * @param threshold  null until the tenant sets it (and {@code amount} with it)
 * @param currency   the wallet's, in which threshold and amount are
 * @param card       the saved card as people may see it ({@code visa •••• 4242}); null until one is saved
 * @param failures   declined or refused charges in a row; at the configured maximum the auto top-up turns off
 * @param lastError  why the last charge failed, if it did
 * @param crossings  how many times the balance fell below the threshold while the auto top-up was on
 */
public record AutoTopUp(TenantId tenantId, boolean enabled, @Nullable Money threshold, @Nullable Money amount,
        String currency, @Nullable String card, int failures, @Nullable String lastError, int crossings,
        @Nullable Instant lastChargedAt, Instant updatedAt) {
}
