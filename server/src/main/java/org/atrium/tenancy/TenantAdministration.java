package org.atrium.tenancy;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.jspecify.annotations.Nullable;

/**
 * What staff (and a prospect signing up) do with tenants: create, edit, suspend and lift, delete and restore. Every
 * change is one transaction, audited with the tenant before and after; a refusal changes nothing.
 */
public interface TenantAdministration {

    /** Platform-wide: tenants that match the query, deleted ones only when it asks for them. */
    PageResponse<Tenant> list(TenantQuery query, PageRequest page);

    /** Creates a trial tenant (400 naming each bad field, 409 {@code duplicate} for a taken slug). */
    Tenant create(TenantDraft draft);

    /**
     * A prospect's self-service signup: a trial tenant created exactly like one the staff create, except that the
     * contact email (the future tenant admin) is required. Every attempt from {@code clientAddress}, valid or not,
     * counts toward the per-address limit ({@code atrium.security.signups-per-hour}; 429 {@code too-many-signups}
     * past it), whichever page or endpoint it comes through.
     *
     * @param cycle the billing cycle chosen on the pricing page, or null for monthly
     */
    Tenant signUp(@Nullable String slug, @Nullable String name, @Nullable String plan, @Nullable String cycle,
            @Nullable String email, String clientAddress);

    /**
     * Applies a JSON merge patch to name, legal name, contact, regional settings and features; 412 when
     * {@code expectedVersion} is given and the tenant is at another version.
     */
    Tenant update(String slug, String mergePatchJson, @Nullable Integer expectedVersion);

    /** Suspends a tenant by hand (409 when staff already have). */
    Tenant suspend(String slug, String reason);

    /** Lifts a suspension by staff. A tenant suspended for non-payment comes back only by paying (409). */
    Tenant lift(String slug, String reason);

    /** Soft-deletes a tenant; it can be restored within {@link Tenant#RESTORE_WINDOW}. */
    Tenant delete(String slug);

    /** Restores a soft-deleted tenant within {@link Tenant#RESTORE_WINDOW} (409 after it). */
    Tenant restore(String slug);
}
