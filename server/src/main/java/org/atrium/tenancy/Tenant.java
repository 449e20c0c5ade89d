package org.atrium.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A tenant as other modules and the API see it.
 * <p>
 * Its lifecycle changes only through {@link #changeStatus}, {@link #suspend}, {@link #lift}, {@link #softDelete} and
 * {@link #restore}: each guards its rule and returns the tenant as it now is (version and {@code updatedAt} moved on)
 * with the events the change makes; nothing is written here.
 *
 * @param status     the lifecycle status the subscription drives
 * @param suspension set while staff have suspended the tenant by hand; it then has no access whatever its status
 * @param plan       slug of the current plan
 */
public record Tenant(TenantId id, String slug, String name, @Nullable String legalName, TenantStatus status,
        @Nullable Suspension suspension, String plan, Contact contact, Regional regional,
        Map<String, Boolean> features, int version, Instant createdAt, Instant updatedAt,
        @Nullable Instant deletedAt) {

    /** How long a soft-deleted tenant can still be restored. */
    public static final Duration RESTORE_WINDOW = Duration.ofDays(30);

    /** The tenant after a change, and the events it makes (none when nothing others care about changed). */
    public record Changed(Tenant tenant, List<TenantEvent> events) {
    }

    /**
     * Records the lifecycle status the subscription drives and the plan it is on: a {@link TenantStatusChanged} when
     * the effective status differs, a {@link TenantPlanChanged} when the plan does. Unchanged, it returns itself.
     */
    public Changed changeStatus(TenantStatus newStatus, String planSlug, Instant now) {
        if (status == newStatus && plan.equals(planSlug)) {
            return new Changed(this, List.of());
        }
        Tenant after = new Tenant(id, slug, name, legalName, newStatus, suspension, planSlug, contact, regional,
                features, version + 1, createdAt, now, deletedAt);
        List<TenantEvent> events = new ArrayList<>(2);
        statusChange(this, after, null, now, events);
        if (!plan.equals(planSlug)) {
            events.add(new TenantPlanChanged(id, slug, plan, planSlug, now));
        }
        return new Changed(after, List.copyOf(events));
    }

    /** Staff suspend the tenant by hand (409 when they already have); {@code reason} is already checked. */
    public Changed suspend(String reason, String by, Instant now) {
        if (suspension != null) {
            throw ProblemException.illegalTransition("Tenant " + slug, "suspended", "suspended");
        }
        return changed(new Tenant(id, slug, name, legalName, status, new Suspension(reason, now, by), plan, contact,
                regional, features, version + 1, createdAt, now, deletedAt), reason, now);
    }

    /**
     * Lifts a suspension by staff. A tenant suspended for non-payment comes back only by paying: 409 when staff did
     * not suspend it.
     */
    public Changed lift(String reason, Instant now) {
        if (suspension == null) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition",
                    status == TenantStatus.SUSPENDED
                            ? "Tenant %s is suspended for non-payment, not by staff: record a payment or credit its wallet".formatted(slug)
                            : "Tenant %s is not suspended".formatted(slug),
                    Map.of("currentState", effectiveStatus().code(), "requestedState", "active"));
        }
        return changed(new Tenant(id, slug, name, legalName, status, null, plan, contact, regional, features,
                version + 1, createdAt, now, deletedAt), reason, now);
    }

    /** Deletes the tenant softly (a {@link TenantDeleted}): it can be restored within {@link #RESTORE_WINDOW}. */
    public Changed softDelete(Instant now) {
        if (deletedAt != null) {
            throw ProblemException.illegalTransition("Tenant " + slug, "deleted", "deleted");
        }
        return new Changed(new Tenant(id, slug, name, legalName, status, suspension, plan, contact, regional,
                features, version + 1, createdAt, now, now),
                List.of(new TenantDeleted(id, slug, effectiveStatus(), now)));
    }

    /** Restores a soft-deleted tenant; 409 when it is not deleted or the restore window has passed. */
    public Changed restore(Instant now) {
        if (deletedAt == null) {
            throw ProblemException.illegalTransition("Tenant " + slug, "not deleted", "restored");
        }
        if (deletedAt.plus(RESTORE_WINDOW).isBefore(now)) {
            throw ProblemException.conflict("restore-window-passed",
                    "Tenant %s was deleted on %s; it can be restored only within %d days".formatted(slug, deletedAt,
                            RESTORE_WINDOW.toDays()));
        }
        return new Changed(new Tenant(id, slug, name, legalName, status, suspension, plan, contact, regional,
                features, version + 1, createdAt, now, null), List.of());
    }

    private Changed changed(Tenant after, @Nullable String reason, Instant now) {
        List<TenantEvent> events = new ArrayList<>(1);
        statusChange(this, after, reason, now, events);
        return new Changed(after, List.copyOf(events));
    }

    /** The one place a {@link TenantStatusChanged} is made: when the effective status differs. */
    private static void statusChange(Tenant before, Tenant after, @Nullable String reason, Instant now,
            List<TenantEvent> events) {
        if (before.effectiveStatus() != after.effectiveStatus()) {
            events.add(new TenantStatusChanged(after.id(), after.slug(), before.effectiveStatus(),
                    after.effectiveStatus(), reason, now));
        }
    }

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
