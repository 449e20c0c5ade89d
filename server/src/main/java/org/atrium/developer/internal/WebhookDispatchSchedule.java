package org.atrium.developer.internal;

import org.atrium.developer.Webhooks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls for due webhook deliveries on every node; each delivery is claimed by one node ({@code skip locked}), so it
 * is attempted once across nodes, and a claim left by a node that died is taken up again after two minutes.
 */
@Component
@ConditionalOnProperty(name = "atrium.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class WebhookDispatchSchedule {

    private final Webhooks webhooks;

    WebhookDispatchSchedule(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Scheduled(fixedDelayString = "${atrium.webhooks.dispatcher-interval:1s}")
    void poll() {
        while (webhooks.dispatchDue() > 0) {
            // a full batch: look again at once
        }
    }
}
