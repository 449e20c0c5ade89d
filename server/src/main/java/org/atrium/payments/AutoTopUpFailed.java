package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * An auto top-up charge did not go through: the card was declined, or its bank wants the holder to authenticate
 * (which an off-session charge cannot do). Nothing was credited.
 *
 * @param code       Stripe's error or decline code ({@code card_declined}, {@code authentication_required} …)
 * @param failures   failures in a row, this one included
 * @param disabled   whether this failure turned the auto top-up off (the maximum in a row was reached)
 */
public record AutoTopUpFailed(TenantId tenantId, String tenantSlug, String reference, Money amount, String code,
        String message, int failures, boolean disabled, Instant occurredAt) implements RechargeEvent {

    @Override
    public String type() {
        return "recharge.auto_top_up_failed";
    }

    @Override
    public Gateway gateway() {
        return Gateway.STRIPE;
    }

    @Override
    public RechargeStatus status() {
        return RechargeStatus.FAILED;
    }
}
