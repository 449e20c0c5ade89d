package org.atrium.operations;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The platform's global settings. Tenants take their regional defaults from here; billing takes trial and grace
 * days, taxes, invoice numbering and the seller's details.
 */
public record PlatformSettings(String defaultCurrency, String defaultTimezone, String defaultLocale, int trialDays,
        int graceDays, int invoiceDueDays, int overdueSuspendDays, String invoicePrefix, List<TaxRate> taxRates,
        Seller seller, Maintenance maintenance, @Nullable Security security, int version,
        @Nullable Instant updatedAt) {

    public PlatformSettings {
        if (security == null) {
            security = Security.DEFAULTS;
        }
    }

    /**
     * Sign-in rules. {@code super_admin} always needs a second factor; with {@code requireStaff2fa} every staff role
     * does, and with {@code requireTenantAdmin2fa} (on unless switched off) every tenant admin does.
     */
    public record Security(boolean requireStaff2fa, boolean requireTenantAdmin2fa) {

        public static final Security DEFAULTS = new Security(false, true);
    }

    /** The platform owner as invoice issuer. */
    public record Seller(String name, @Nullable String address, @Nullable String taxId, @Nullable String email) {
    }

    /**
     * Maintenance mode: when enabled, tenant-facing writes get 503 with {@code Retry-After}; staff are not affected.
     */
    public record Maintenance(boolean enabled, @Nullable String message, int retryAfterSeconds) {
    }

    /** The taxes that apply to a buyer in the given country: that country's rates, or else the default ones. */
    public List<TaxRate> taxRatesFor(@Nullable String country) {
        if (country != null) {
            List<TaxRate> specific = taxRates.stream().filter(t -> country.equalsIgnoreCase(t.country())).toList();
            if (!specific.isEmpty()) {
                return specific;
            }
        }
        return taxRates.stream().filter(t -> t.country() == null).toList();
    }
}
