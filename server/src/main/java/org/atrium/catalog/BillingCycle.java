package org.atrium.catalog;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How often a subscription is billed, as calendar months. */
public enum BillingCycle {

    MONTHLY(1), QUARTERLY(3), SEMIANNUAL(6), ANNUAL(12);

    private final int months;

    BillingCycle(int months) {
        this.months = months;
    }

    public int months() {
        return months;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BillingCycle fromCode(String code) {
        for (BillingCycle cycle : values()) {
            if (cycle.code().equals(code)) {
                return cycle;
            }
        }
        throw new IllegalArgumentException("unknown billing cycle '" + code + "'; expected monthly, quarterly, semiannual or annual");
    }
}
