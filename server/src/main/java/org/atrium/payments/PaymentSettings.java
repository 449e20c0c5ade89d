package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's own gateway credentials, which override the global ones, as they may be shown: secrets only by their
 * last four characters.
 */
public record PaymentSettings(TenantId tenantId, @Nullable String stripeSecretKeyLastFour,
        @Nullable String stripeWebhookSecretLastFour, @Nullable String paypalClientId,
        @Nullable String paypalSecretLastFour, @Nullable String paypalWebhookId,
        @Nullable String paystackSecretKeyLastFour, int version, @Nullable Instant updatedAt) {

    /**
     * A change of settings: a field left null keeps its value, an empty string removes it.
     */
    public record Change(@Nullable String stripeSecretKey, @Nullable String stripeWebhookSecret,
            @Nullable String paypalClientId, @Nullable String paypalSecret, @Nullable String paypalWebhookId,
            @Nullable String paystackSecretKey) {
    }
}
