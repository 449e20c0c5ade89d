package org.atrium.notifications;

/**
 * The SPI of a text message provider: one implementation per provider's protocol (Twilio's REST API for SMS,
 * UltraMsg's for WhatsApp). A bean of this type is picked by {@link #name()} for the channel's configured provider.
 */
public interface TextProvider {

    /** {@code twilio}, {@code ultramsg}. */
    String name();

    /**
     * Sends one message and returns the provider's id for it.
     *
     * @throws TextDeliveryFailed when the provider refused it or could not be reached
     */
    String send(TextAccount account, String to, String body);

    /**
     * The credentials of one account at a provider.
     *
     * @param apiBase the provider's API address (the platform's configuration, never a tenant's)
     * @param account Twilio's account SID, UltraMsg's instance id
     * @param secret  Twilio's auth token, UltraMsg's token
     * @param sender  Twilio's From number; unused by UltraMsg
     */
    record TextAccount(String apiBase, String account, String secret, @org.jspecify.annotations.Nullable String sender) {

        @Override
        public String toString() {
            return "TextAccount[" + apiBase + ", " + account + ", secret hidden]";
        }
    }

    /** A provider refused a message or did not answer; {@code detail} says which, without any secret. */
    final class TextDeliveryFailed extends RuntimeException {
        public TextDeliveryFailed(String detail) {
            super(detail);
        }
    }
}
