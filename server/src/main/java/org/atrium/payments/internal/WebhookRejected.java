package org.atrium.payments.internal;

/** An inbound webhook that is not verified: {@code verification} says why. */
class WebhookRejected extends RuntimeException {

    private final String verification;

    WebhookRejected(String verification, String message) {
        super(message);
        this.verification = verification;
    }

    String verification() {
        return verification;
    }
}
