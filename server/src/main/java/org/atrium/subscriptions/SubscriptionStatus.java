package org.atrium.subscriptions;

import java.util.Locale;

import org.atrium.tenancy.TenantStatus;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a subscription stands. Each maps to the tenant status of the same name. */
public enum SubscriptionStatus {

    TRIAL, ACTIVE, GRACE_PERIOD, READ_ONLY, SUSPENDED, CANCELLED, EXPIRED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public TenantStatus tenantStatus() {
        return TenantStatus.valueOf(name());
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static SubscriptionStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
