package org.atrium.identity;

import static org.atrium.platform.Permissions.*;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Staff roles, each a fixed set of permissions. */
public enum StaffRole {

    SUPER_ADMIN(Set.copyOf(ALL)),
    SUPPORT(Set.of(TENANTS_MANAGE, TENANTS_READ, AUDIT_READ, ENTITLEMENTS_READ, TENANTS_IMPERSONATE)),
    BILLING(Set.of(BILLING_ADMIN, SUBSCRIPTIONS_MANAGE, WALLETS_MANAGE, INVOICES_MANAGE, TENANTS_READ, AUDIT_READ,
            ANALYTICS_READ)),
    ANALYST(Set.of(TENANTS_READ, ANALYTICS_READ, AUDIT_READ));

    private final Set<String> permissions;

    StaffRole(Set<String> permissions) {
        this.permissions = permissions;
    }

    public Set<String> permissions() {
        return permissions;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StaffRole fromCode(String code) {
        for (StaffRole role : values()) {
            if (role.code().equals(code)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role " + code + "; expected one of " + List.of(values()));
    }
}
