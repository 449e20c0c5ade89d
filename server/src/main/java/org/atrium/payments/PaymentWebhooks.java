package org.atrium.payments;

import java.util.Map;
import java.util.UUID;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.jspecify.annotations.Nullable;

/** Inbound gateway webhooks: verified, stored, processed once. */
public interface PaymentWebhooks {

    /**
     * Stores, verifies and processes one webhook.
     *
     * @param headers the request's headers, names in lower case
     * @param body    the raw body, exactly as received (signatures are computed over it)
     * @throws org.atrium.platform.ProblemException 400 {@code webhook-signature} when the signature is missing or
     *                                              wrong or its timestamp outside the tolerance (stored, audited as a
     *                                              security event, nothing else changed)
     */
    WebhookEvent receive(Gateway gateway, Map<String, String> headers, byte[] body);

    PageResponse<WebhookEvent> list(PageRequest page, @Nullable Gateway gateway, @Nullable String result);

    WebhookEvent require(UUID id);

    /** Processes a stored, verified event again (after a failure was fixed); a duplicate credit stays impossible. */
    WebhookEvent reprocess(UUID id);
}
