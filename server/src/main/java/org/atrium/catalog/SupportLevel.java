package org.atrium.catalog;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The support a plan includes. */
public enum SupportLevel {

    COMMUNITY, EMAIL, PRIORITY, DEDICATED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SupportLevel fromCode(String code) {
        for (SupportLevel level : values()) {
            if (level.code().equals(code)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown support level '" + code + "'; expected community, email, priority or dedicated");
    }
}
