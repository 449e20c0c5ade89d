package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's purchase of wallet credit through a gateway.
 *
 * @param reference        {@code rch_…}: also the ledger reference of the wallet credit
 * @param checkoutUrl      where the tenant pays (the gateway's hosted page)
 * @param returnUrl        where the tenant is sent back after paying, checked against open redirects
 * @param gatewaySessionId the gateway's checkout object (Stripe session, PayPal order, Paystack access code …)
 * @param gatewayPaymentId the gateway's payment once known (PaymentIntent, capture, transaction)
 * @param refunded         how much was given back through the gateway so far
 * @param flagReason       why the recharge was not credited (amount or currency mismatch), for staff
 */
public record Recharge(TenantId tenantId, String reference, Gateway gateway, Money amount, RechargeStatus status,
        String returnUrl, @Nullable String checkoutUrl, @Nullable String gatewaySessionId,
        @Nullable String gatewayPaymentId, Money refunded, @Nullable String flagReason, int confirmAttempts,
        @Nullable Instant nextConfirmAt, Instant createdAt, Instant updatedAt, @Nullable Instant paidAt) {
}
