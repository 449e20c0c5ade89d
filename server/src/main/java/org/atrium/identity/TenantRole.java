package org.atrium.identity;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The roles of a tenant's users in its portal, each a fixed set of portal permissions.
 */
public enum TenantRole {

    TENANT_ADMIN(Set.of(TenantPermissions.TEAM_MANAGE, TenantPermissions.BILLING_MANAGE,
            TenantPermissions.SETTINGS_MANAGE, TenantPermissions.API_KEYS_MANAGE, TenantPermissions.DATA_WRITE,
            TenantPermissions.READ, TenantPermissions.AUDIT_READ)),
    TENANT_STAFF(Set.of(TenantPermissions.DATA_WRITE, TenantPermissions.READ)),
    TENANT_READONLY(Set.of(TenantPermissions.READ));

    private final Set<String> permissions;

    TenantRole(Set<String> permissions) {
        this.permissions = permissions;
    }

    public Set<String> permissions() {
        return permissions;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TenantRole fromCode(String code) {
        for (TenantRole role : values()) {
            if (role.code().equals(code)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role " + code + "; expected one of " + List.of(values()));
    }

    /** The permissions of a tenant's portal, granted by {@link TenantRole}s only, never to staff or API keys. */
    public static final class TenantPermissions {
        public static final String TEAM_MANAGE = "portal.team.manage";
        public static final String BILLING_MANAGE = "portal.billing.manage";
        public static final String SETTINGS_MANAGE = "portal.settings.manage";
        public static final String API_KEYS_MANAGE = "portal.api_keys.manage";
        public static final String DATA_WRITE = "portal.data.write";
        public static final String READ = "portal.read";
        public static final String AUDIT_READ = "portal.audit.read";

        private TenantPermissions() {
        }
    }
}
