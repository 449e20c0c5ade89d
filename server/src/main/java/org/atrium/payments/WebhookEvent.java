package org.atrium.payments;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An inbound gateway webhook as it was received, with what Atrium made of it.
 *
 * @param verification {@code verified}, {@code missing_signature}, {@code bad_signature}, {@code stale_timestamp}
 *                     or {@code malformed}
 * @param result       {@code processed}, {@code duplicate}, {@code ignored}, {@code flagged}, {@code retrying},
 *                     {@code rejected} or {@code failed}
 */
public record WebhookEvent(UUID id, Gateway gateway, @Nullable String eventId, @Nullable String type,
        @Nullable String reference, Map<String, String> headers, String body, String verification, String result,
        @Nullable String detail, int attempts, Instant receivedAt, @Nullable Instant processedAt) {
}
