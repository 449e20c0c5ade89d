package org.atrium.wallet;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A movement to record. The amount is the positive size of the movement; the wallet gives it its sign.
 *
 * @param amount      strictly positive, with no more decimals than the currency allows
 * @param currency    must be the wallet's currency; null means the wallet's currency
 * @param reference   the caller's idempotency key, unique per tenant: a repeat with the same type and amount
 *                    returns the first movement, a repeat with a different one is refused
 * @param description shown on statements and invoices; required for manual credits and debits (the reason)
 * @param gateway     the payment gateway a recharge came through, if any
 * @param metadata    free-form details kept with the row (gateway ids, invoice id …)
 */
public record LedgerRequest(LedgerType type, @Nullable BigDecimal amount, @Nullable String currency,
        @Nullable String reference, @Nullable String description, @Nullable String gateway,
        @Nullable Map<String, Object> metadata) {

    public static LedgerRequest of(LedgerType type, BigDecimal amount, String reference, @Nullable String description) {
        return new LedgerRequest(type, amount, null, reference, description, null, null);
    }

    public LedgerRequest withGateway(String gateway) {
        return new LedgerRequest(type, amount, currency, reference, description, gateway, metadata);
    }

    public LedgerRequest withMetadata(Map<String, Object> metadata) {
        return new LedgerRequest(type, amount, currency, reference, description, gateway, metadata);
    }

    public LedgerRequest inCurrency(String currency) {
        return new LedgerRequest(type, amount, currency, reference, description, gateway, metadata);
    }
}
