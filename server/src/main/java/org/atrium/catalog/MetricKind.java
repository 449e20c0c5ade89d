package org.atrium.catalog;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How usage of a metric is counted: a counter that resets each billing cycle or each tenant-local day, or a
 * current level that goes up and down.
 */
public enum MetricKind {

    PER_CYCLE, DAILY, LEVEL;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MetricKind fromCode(String code) {
        for (MetricKind kind : values()) {
            if (kind.code().equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown metric kind '" + code + "'; expected per_cycle, daily or level");
    }
}
