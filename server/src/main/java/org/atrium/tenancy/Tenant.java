package org.atrium.tenancy;

import java.time.Instant;
import java.util.Map;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant as other modules and the API see it.
 *
 * @param status     the lifecycle status the subscription drives
 * @param suspension set while staff have suspended the tenant by hand; it then has no access whatever its status
 * @param plan       slug of the current plan
 */
public record Tenant(TenantId id, String slug, String name, @Nullable String legalName, TenantStatus status,
        @Nullable Suspension suspension, String plan, Contact contact, Regional regional,
        Map<String, Boolean> features, int version, Instant createdAt, Instant updatedAt,
        @Nullable Instant deletedAt) {

    /** The status that decides access: suspended while suspended by hand, otherwise the lifecycle status. */
    public TenantStatus effectiveStatus() {
        return suspension != null ? TenantStatus.SUSPENDED : status;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** The name to print on invoices. */
    public String billingName() {
        return legalName != null && !legalName.isBlank() ? legalName : name;
    }

    public record Contact(@Nullable String email, @Nullable String phone, @Nullable String billingEmail,
            @Nullable String addressLine1, @Nullable String addressLine2, @Nullable String city,
            @Nullable String region, @Nullable String postalCode, @Nullable String country, @Nullable String taxId) {

        public static final Contact EMPTY = new Contact(null, null, null, null, null, null, null, null, null, null);

        /** Where billing mail goes: the billing email, else the main contact email. */
        public @Nullable String billingRecipient() {
            return billingEmail != null ? billingEmail : email;
        }
    }

    public record Regional(String timezone, String currency, String locale) {
    }

    public record Suspension(String reason, Instant since, String by) {
    }
}
