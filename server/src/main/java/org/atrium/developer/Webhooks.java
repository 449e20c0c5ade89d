package org.atrium.developer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * Outgoing webhooks: endpoints of a tenant ({@code slug}) or of the platform ({@code slug} null, receiving every
 * tenant's events), their deliveries, replays and test events.
 */
public interface Webhooks {

    /** @param eventTypes empty for every type */
    record Endpoint(UUID id, @Nullable String tenant, String url, @Nullable String description, Set<String> eventTypes,
            boolean enabled, @Nullable String disabledReason, Instant createdAt, Instant updatedAt) {
    }

    /** A new endpoint, or a new secret: the only time {@code secret} is shown. */
    record WithSecret(@JsonUnwrapped Endpoint endpoint, String secret) {
    }

    record Changes(@Nullable String url, @Nullable Set<String> eventTypes, @Nullable String description,
            @Nullable Boolean enabled) {
    }

    /** One attempt as sent and as answered (the first 4 kB of the body). */
    record Attempt(UUID id, UUID deliveryId, String messageId, String eventType, int attempt, String status,
            Map<String, String> requestHeaders, String requestBody, @Nullable Integer responseStatus,
            @Nullable Map<String, String> responseHeaders, @Nullable String responseBody, @Nullable String error,
            long durationMs, Instant attemptedAt) {
    }

    WithSecret create(@Nullable String slug, String url, Set<String> eventTypes, @Nullable String description);

    List<Endpoint> list(@Nullable String slug);

    Endpoint get(@Nullable String slug, UUID id);

    Endpoint update(@Nullable String slug, UUID id, Changes changes);

    void delete(@Nullable String slug, UUID id);

    /** A new secret; the old one keeps signing beside it for {@code overlap} (at most 7 days). */
    WithSecret rotateSecret(@Nullable String slug, UUID id, Duration overlap);

    List<Attempt> attempts(@Nullable String slug, UUID id);

    /** Sends a message again to this endpoint, delivered or failed; answers how many deliveries were queued. */
    int replay(@Nullable String slug, UUID id, String messageId);

    /** Sends again every message whose delivery to this endpoint failed since {@code since}. */
    int replayFailedSince(@Nullable String slug, UUID id, Instant since);

    /** Queues a {@code webhook.test} message for this endpoint alone; answers its message id. */
    String sendTest(@Nullable String slug, UUID id);

    /** Attempts every delivery that is due now (by the clock); answers how many attempts were made. */
    int dispatchDue();
}
