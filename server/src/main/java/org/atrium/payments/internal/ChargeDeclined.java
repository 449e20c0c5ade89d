package org.atrium.payments.internal;

/** Stripe did not take an off-session charge: declined, or the card's bank wants the holder to authenticate. */
class ChargeDeclined extends RuntimeException {

    private final String code;

    ChargeDeclined(String code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * Stripe's decline or error code: {@code card_declined}, {@code insufficient_funds},
     * {@code authentication_required} …
     */
    String code() {
        return code;
    }
}
