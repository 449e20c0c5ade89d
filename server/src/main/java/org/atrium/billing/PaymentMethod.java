package org.atrium.billing;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How an invoice payment was made: recorded by hand ({@code wire}, {@code cash}, {@code check}, {@code card},
 * {@code other}, see {@link ManualPayment.Method}), taken from the tenant's wallet ({@code wallet}), or the record of
 * a gateway payment ({@code gateway}). The code is what payments and {@link InvoicePaid} carry.
 */
public enum PaymentMethod {
    WIRE, CASH, CHECK, CARD, OTHER, WALLET, GATEWAY;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PaymentMethod fromCode(String code) {
        for (PaymentMethod method : values()) {
            if (method.code().equals(code)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown payment method '%s'".formatted(code));
    }
}
