package org.atrium.entitlements.internal;

import java.util.function.Consumer;

/**
 * Carries "this tenant's entitlements changed" to the other nodes. Messages are {@code tenant:<uuid>} or
 * {@code all}. A node does not receive its own messages.
 */
interface InvalidationBus {

    void publish(String message);

    void subscribe(Consumer<String> receiver);

    /** Which transport, for logs and health: {@code postgres} or {@code redis}. */
    String transport();
}
