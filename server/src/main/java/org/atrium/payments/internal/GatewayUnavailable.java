package org.atrium.payments.internal;

/** The gateway did not answer in time, or answered with a server error: try again later. */
class GatewayUnavailable extends RuntimeException {

    GatewayUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    GatewayUnavailable(String message) {
        super(message);
    }
}
