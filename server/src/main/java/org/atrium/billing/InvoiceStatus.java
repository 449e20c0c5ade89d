package org.atrium.billing;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an invoice stands. Only these moves are legal: draft → issued or cancelled; issued → paid, overdue or
 * cancelled; overdue → paid or cancelled. Paid and cancelled are final (a paid invoice is corrected by a refund).
 */
public enum InvoiceStatus {

    DRAFT, ISSUED, PAID, OVERDUE, CANCELLED;

    public Set<InvoiceStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(ISSUED, CANCELLED);
            case ISSUED -> EnumSet.of(PAID, OVERDUE, CANCELLED);
            case OVERDUE -> EnumSet.of(PAID, CANCELLED);
            case PAID, CANCELLED -> EnumSet.noneOf(InvoiceStatus.class);
        };
    }

    public boolean canBecome(InvoiceStatus target) {
        return next().contains(target);
    }

    /** Issued or overdue: the tenant owes it. */
    public boolean isOpen() {
        return this == ISSUED || this == OVERDUE;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static InvoiceStatus fromCode(String code) {
        for (InvoiceStatus status : values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException(
                "unknown status '%s'; expected draft, issued, paid, overdue or cancelled".formatted(code));
    }
}
