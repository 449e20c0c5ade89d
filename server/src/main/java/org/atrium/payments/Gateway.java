package org.atrium.payments;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The payment gateways a recharge can go through. */
public enum Gateway {

    STRIPE, PAYPAL, PAYSTACK,
    /** Atrium's own hosted checkout page, for running without a gateway account. */
    SANDBOX;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The gateway with this code, or null. */
    @JsonCreator
    public static @org.jspecify.annotations.Nullable Gateway fromCode(@org.jspecify.annotations.Nullable String code) {
        for (Gateway gateway : values()) {
            if (gateway.code().equals(code)) {
                return gateway;
            }
        }
        return null;
    }
}
