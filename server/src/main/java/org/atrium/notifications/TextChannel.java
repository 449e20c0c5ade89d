package org.atrium.notifications;

import java.util.Locale;

/** The text channels: SMS (through Twilio) and WhatsApp (through UltraMsg). */
public enum TextChannel {
    SMS, WHATSAPP;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TextChannel fromCode(String code) {
        for (TextChannel channel : values()) {
            if (channel.code().equals(code)) {
                return channel;
            }
        }
        throw org.atrium.platform.ProblemException.notFound("Text channel", code);
    }
}
