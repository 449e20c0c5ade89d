package org.atrium.platform;

/**
 * How long the texts people type may be, one rule for every module: a reason accepted in one place (a wallet
 * movement) must not be refused later where it is copied (the invoice line that records the movement).
 */
public final class TextLimits {

    /** A reason or note a person gives: why a wallet is credited, a tenant suspended, an invoice refunded. */
    public static final int REASON = 1000;

    /** A label the system puts before a reason in a line ("Manual credit: ", "Refund of INV-2026-00042: "). */
    public static final int LABEL = 200;

    /** An invoice line's description, which may be a label followed by a reason. */
    public static final int LINE_DESCRIPTION = LABEL + REASON;

    private TextLimits() {
    }
}
