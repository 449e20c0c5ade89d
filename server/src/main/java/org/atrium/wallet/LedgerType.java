package org.atrium.wallet;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a ledger movement is. Each type either credits or debits the wallet, never both. */
public enum LedgerType {

    /** Prepaid money the tenant paid in (through a gateway or recorded by staff). */
    RECHARGE(true),
    /** An invoice paid from the wallet; never takes the balance below zero. */
    SUBSCRIPTION_PAYMENT(false),
    /** Credit given by staff (courtesy, correction). */
    MANUAL_CREDIT(true),
    /** A charge by staff; may take the balance below zero. */
    MANUAL_DEBIT(false),
    /** Money given back against a paid invoice. */
    REFUND(true),
    /** Money of a paid recharge given back to the payer through its gateway; billed as a credit note. */
    RECHARGE_REFUND(false);

    private final boolean credit;

    LedgerType(boolean credit) {
        this.credit = credit;
    }

    public boolean isCredit() {
        return credit;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LedgerType fromCode(String code) {
        for (LedgerType type : values()) {
            if (type.code().equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown ledger type '%s'; expected recharge, subscription_payment, "
                .formatted(code) + "manual_credit, manual_debit, refund or recharge_refund");
    }
}
