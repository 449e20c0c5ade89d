package org.atrium.developer.internal;

import org.atrium.developer.ApiUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes logged API calls older than {@code atrium.api-usage.retention} every hour. Every node that runs scheduled
 * work does it; a second node's run finds nothing left to delete.
 */
@Component
@ConditionalOnProperty(name = "atrium.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class ApiUsageRetention {

    private static final Logger log = LoggerFactory.getLogger(ApiUsageRetention.class);

    private final ApiUsage usage;

    ApiUsageRetention(ApiUsage usage) {
        this.usage = usage;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void prune() {
        int deleted = usage.prune();
        if (deleted > 0) {
            log.info("Deleted {} API usage record(s) past their retention", deleted);
        }
    }
}
