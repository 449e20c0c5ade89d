package org.atrium.notifications;

import java.util.Map;
import java.util.Optional;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * SMS and WhatsApp messages, through the tenant's own provider account when it has one for the channel, otherwise
 * the platform's. The text of a notification comes from its SMS template (the tenant's override or the default).
 */
public interface TextMessages {

    /**
     * Sends a notification's SMS text to a phone number (E.164, {@code +447700900123}).
     *
     * @return the provider's message id
     * @throws org.atrium.platform.ProblemException 400 for a number that is not E.164, 409 {@code
     *                                              text-channel-not-configured} when neither the tenant nor the
     *                                              platform has an account, 502 {@code text-delivery-failed}
     */
    String send(@Nullable TenantId tenant, TextChannel channel, String to, NotificationType type,
            Map<String, @Nullable Object> model);

    /** The tenant's own account for a channel: its provider, account id and sender (the secret is never shown). */
    Optional<TextSettings> settings(TenantId tenant, TextChannel channel);

    /** Stores the tenant's own account (the secret sealed). */
    TextSettings configure(TenantId tenant, TextChannel channel, TextSettings.Change change);

    void removeSettings(TenantId tenant, TextChannel channel);
}
