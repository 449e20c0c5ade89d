package org.atrium.payments;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a recharge stands. pending → paid | failed | expired | flagged; paid → refunded (in full). A failed or
 * expired recharge can still become paid: a gateway's late success is the truth (events may arrive out of order),
 * and the money is then in the wallet.
 */
public enum RechargeStatus {

    PENDING, PAID, FAILED, EXPIRED, REFUNDED, FLAGGED;

    private static final Map<RechargeStatus, Set<RechargeStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(PAID, FAILED, EXPIRED, FLAGGED),
            FAILED, EnumSet.of(PAID, FLAGGED),
            EXPIRED, EnumSet.of(PAID, FLAGGED),
            PAID, EnumSet.of(REFUNDED),
            REFUNDED, EnumSet.noneOf(RechargeStatus.class),
            FLAGGED, EnumSet.noneOf(RechargeStatus.class));

    public boolean canBecome(RechargeStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Still waiting for the gateway's answer (or for a late one). */
    public boolean isUnsettled() {
        return this == PENDING || this == FAILED || this == EXPIRED;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RechargeStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
