package org.atrium.entitlements;

import java.util.function.Consumer;

/**
 * The bus that carries cache invalidations between nodes, for other modules' caches (a revoked tenant key). A
 * message is delivered to the other nodes within about a second, never to the node that sent it; after a node lost
 * the bus it receives {@link #EVERYTHING} on every topic, since it may have missed messages.
 */
public interface Invalidations {

    String EVERYTHING = "*";

    /** Sends {@code message} on {@code topic} to the other nodes; call it after the change has committed. */
    void broadcast(String topic, String message);

    void subscribe(String topic, Consumer<String> receiver);
}
