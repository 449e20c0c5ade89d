package org.atrium.notifications;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's own provider account for a text channel, as shown: the secret only by its last four characters.
 */
public record TextSettings(TextChannel channel, String provider, String account, String secretHint,
        @Nullable String sender) {

    /** What a tenant sends to configure a channel: {@code account} (SID / instance id), {@code secret}, {@code sender}. */
    public record Change(@Nullable String account, @Nullable String secret, @Nullable String sender) {
    }
}
