package org.atrium.notifications.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Polls the outbox on every node where {@code atrium.notifications.dispatcher.enabled} is not false. */
@Component
@ConditionalOnProperty(name = "atrium.notifications.dispatcher.enabled", havingValue = "true", matchIfMissing = true)
class DispatchSchedule {

    private final MailDispatcher dispatcher;

    DispatchSchedule(MailDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${atrium.notifications.dispatcher.interval:1s}")
    void poll() {
        dispatcher.dispatchPending();
    }
}
