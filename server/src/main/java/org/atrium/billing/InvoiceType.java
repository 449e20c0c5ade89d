package org.atrium.billing;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an invoice is for. */
public enum InvoiceType {

    /** A plan's price for a period (and prorations). */
    SUBSCRIPTION,
    /** Prepaid credit bought for the wallet; never taxed, since tax is due when the credit is spent. */
    RECHARGE,
    /** A manual credit (negative amounts) or debit of the wallet by staff. */
    ADJUSTMENT,
    /** A credit note: money given back against a paid invoice it names; its amounts are negative. */
    REFUND;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static InvoiceType fromCode(String code) {
        for (InvoiceType type : values()) {
            if (type.code().equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown invoice type '%s'; expected subscription, recharge, adjustment or refund".formatted(code));
    }
}
