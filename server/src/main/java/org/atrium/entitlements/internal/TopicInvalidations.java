package org.atrium.entitlements.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.atrium.entitlements.Invalidations;
import org.springframework.stereotype.Component;

/**
 * Other modules' messages on the entitlements' {@link InvalidationBus}, as {@code x:<topic>:<message>}, which the
 * entitlement cache itself ignores.
 */
@Component
class TopicInvalidations implements Invalidations {

    static final String PREFIX = "x:";

    private final InvalidationBus bus;
    private final Map<String, List<Consumer<String>>> receivers = new ConcurrentHashMap<>();

    TopicInvalidations(InvalidationBus bus) {
        this.bus = bus;
        bus.subscribe(this::receive);
    }

    @Override
    public void broadcast(String topic, String message) {
        if (topic.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A topic has no colon: " + topic);
        }
        bus.publish(PREFIX + topic + ":" + message);
    }

    @Override
    public void subscribe(String topic, Consumer<String> receiver) {
        receivers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(receiver);
    }

    private void receive(String message) {
        if ("all".equals(message)) {
            receivers.values().forEach(list -> list.forEach(r -> r.accept(EVERYTHING)));
            return;
        }
        if (!message.startsWith(PREFIX)) {
            return;
        }
        int colon = message.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return;
        }
        List<Consumer<String>> list = receivers.get(message.substring(PREFIX.length(), colon));
        if (list != null) {
            String payload = message.substring(colon + 1);
            list.forEach(r -> r.accept(payload));
        }
    }
}
