package org.atrium.tenancy;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tenant stands commercially. Decides what it may do (see {@link #writeAllowed()}). */
public enum TenantStatus {

    TRIAL, ACTIVE, GRACE_PERIOD, READ_ONLY, SUSPENDED, CANCELLED, EXPIRED;

    /** Whether the tenant may change data: trial, active and grace period may; the others may only read. */
    public boolean writeAllowed() {
        return this == TRIAL || this == ACTIVE || this == GRACE_PERIOD;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TenantStatus fromCode(String code) {
        for (TenantStatus status : values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status '" + code + "'");
    }
}
