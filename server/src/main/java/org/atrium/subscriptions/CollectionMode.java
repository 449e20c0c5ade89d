package org.atrium.subscriptions;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How an owner's plan assignment is collected: {@code wallet} debits the wallet now (402 when it can't),
 * {@code invoice} leaves the invoice open until its due date, to be paid by transfer.
 */
public enum CollectionMode {
    WALLET, INVOICE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code wallet} or {@code invoice}; anything else is refused with the message the API shows. */
    @JsonCreator
    public static CollectionMode fromCode(String code) {
        for (CollectionMode mode : values()) {
            if (mode.code().equals(code)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be wallet or invoice");
    }
}
