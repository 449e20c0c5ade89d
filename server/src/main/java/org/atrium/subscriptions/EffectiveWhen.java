package org.atrium.subscriptions;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When a plan change takes effect: {@code now}, or at the end of the current period ({@code period_end}). */
public enum EffectiveWhen {
    NOW, PERIOD_END;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code now} or {@code period_end}; anything else is refused with the message the API shows. */
    @JsonCreator
    public static EffectiveWhen fromCode(String code) {
        for (EffectiveWhen when : values()) {
            if (when.code().equals(code)) {
                return when;
            }
        }
        throw new IllegalArgumentException("must be now or period_end");
    }
}
