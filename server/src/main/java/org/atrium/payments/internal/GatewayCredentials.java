package org.atrium.payments.internal;

import org.jspecify.annotations.Nullable;

/**
 * The credentials for one call to a gateway: the global ones from the environment, or a tenant's own. Never
 * logged: {@link #toString} shows none of them.
 */
record GatewayCredentials(@Nullable String stripeSecretKey, @Nullable String stripeWebhookSecret,
        @Nullable String paypalClientId, @Nullable String paypalSecret, @Nullable String paypalWebhookId,
        @Nullable String paystackSecretKey, @Nullable String sandboxWebhookSecret, boolean tenantOwn) {

    @Override
    public String toString() {
        return tenantOwn ? "GatewayCredentials[tenant's own]" : "GatewayCredentials[global]";
    }

    static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
