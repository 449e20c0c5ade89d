package org.atrium.payments.internal;

/** The gateway answered and refused (bad credentials, a request it does not accept); retrying will not help. */
class GatewayRefused extends RuntimeException {

    GatewayRefused(String message) {
        super(message);
    }

    GatewayRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
