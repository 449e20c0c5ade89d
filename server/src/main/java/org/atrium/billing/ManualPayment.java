package org.atrium.billing;

import java.time.LocalDate;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A payment staff record by hand for the whole amount due.
 *
 * @param reference the bank's or the cheque's reference, if any
 * @param paidOn    the day the money arrived; null for today; never in the future
 */
public record ManualPayment(@Nullable Method method, @Nullable String reference, @Nullable LocalDate paidOn,
        @Nullable String note) {

    public enum Method {
        WIRE, CASH, CHECK, CARD, OTHER;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The method among all an invoice can be paid by. */
        public PaymentMethod paymentMethod() {
            return PaymentMethod.valueOf(name());
        }

        @JsonCreator
        public static Method fromCode(String code) {
            for (Method method : values()) {
                if (method.code().equals(code)) {
                    return method;
                }
            }
            throw new IllegalArgumentException(
                    "unknown payment method '%s'; expected wire, cash, check, card or other".formatted(code));
        }
    }
}
