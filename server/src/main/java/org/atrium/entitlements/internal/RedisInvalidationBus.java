package org.atrium.entitlements.internal;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/** Invalidation over Redis pub/sub, when Atrium is given a Redis ({@code ATRIUM_REDIS_URL}). */
class RedisInvalidationBus implements InvalidationBus, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisInvalidationBus.class);
    static final String CHANNEL = "atrium:entitlements";

    private final String node = UUID.randomUUID().toString();
    private final List<Consumer<String>> receivers = new CopyOnWriteArrayList<>();
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final StatefulRedisConnection<String, String> publisher;

    RedisInvalidationBus(RedisClient client) {
        this.subscription = client.connectPubSub();
        this.subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String payload) {
                int bar = payload.indexOf('|');
                if (bar > 0 && !payload.substring(0, bar).equals(node)) {
                    deliver(payload.substring(bar + 1));
                }
            }
        });
        this.subscription.sync().subscribe(CHANNEL);
        this.publisher = client.connect();
    }

    @Override
    public void publish(String message) {
        publisher.async().publish(CHANNEL, node + "|" + message).whenComplete((receivers, failure) -> {
            if (failure != null) {
                log.error("Could not send entitlement invalidation '{}' to other nodes", message, failure);
            }
        });
    }

    @Override
    public void subscribe(Consumer<String> receiver) {
        receivers.add(receiver);
    }

    @Override
    public String transport() {
        return "Redis pub/sub";
    }

    private void deliver(String message) {
        for (Consumer<String> receiver : receivers) {
            try {
                receiver.accept(message);
            } catch (RuntimeException e) {
                log.error("Entitlement invalidation '{}' failed", message, e);
            }
        }
    }

    @Override
    public void destroy() {
        subscription.close();
        publisher.close();
    }
}
