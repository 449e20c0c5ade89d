package org.atrium.tenancy.internal;

import java.time.Duration;

import org.atrium.platform.web.ClientThrottle;
import org.springframework.beans.factory.annotation.Value;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.MergePatch;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.Reasons;
import org.atrium.platform.Slugs;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.TenantDraft;
import org.atrium.tenancy.TenantQuery;
import org.atrium.tenancy.TenantStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Staff's changes to tenants, one transaction each: the tenant is locked, {@link Tenant} decides the change, the
 * store writes it, and the change is audited with the tenant before and after and its events published.
 */
@Service
class TenantAdministrationService implements TenantAdministration {

    private final TenantStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final Catalog catalog;
    private final Settings settings;
    private final ApplicationEventPublisher events;
    private final ClientThrottle signups;
    private final FeatureSwitchCatalogue switches;

    TenantAdministrationService(TenantStore store, Clock clock, AuditLog audit, Catalog catalog, Settings settings,
            ApplicationEventPublisher events,
            @Value("${atrium.security.signups-per-hour:10}") int signupsPerHour, FeatureSwitchCatalogue switches) {
        this.switches = switches;
        this.signups = new ClientThrottle(signupsPerHour, Duration.ofHours(1));
        this.store = store;
        this.json = store.json();
        this.clock = clock;
        this.audit = audit;
        this.catalog = catalog;
        this.settings = settings;
        this.events = events;
    }

    @Override
    public PageResponse<Tenant> list(TenantQuery query, PageRequest page) {
        return store.list(query, page);
    }

    @Override
    @Transactional
    public Tenant create(TenantDraft d) {
        return create(d, "adminEmail", false);
    }

    @Override
    @Transactional
    public Tenant signUp(@Nullable String slug, @Nullable String name, @Nullable String plan, @Nullable String cycle,
            @Nullable String email, String clientAddress) {
        // Every attempt counts, valid or not: a signup creates a tenant, a wallet, a subscription and audit rows.
        signups.take(clientAddress).ifPresent(wait -> {
            throw signups.refusal("too-many-signups", "Too many signups from this address; retry in %d seconds"
                    .formatted(wait.toSeconds()), wait);
        });
        return create(new TenantDraft(slug, name, null, plan, cycle, email == null ? null : email.trim(), null, null,
                null), "email", true);
    }

    private Tenant create(TenantDraft d, String emailField, boolean emailRequired) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (emailRequired && TenantChecks.looksLikeMarkup(d.name())) {
            // A stranger's company name is shown to staff and in mails: markup is refused at the door, not only
            // escaped on the way out. Staff creating a tenant may still name it as they like.
            errors.put("name", "must not contain < or >");
        }
        String slugProblem = Slugs.problemWith(d.slug());
        if (slugProblem != null) {
            errors.put("slug", slugProblem);
        }
        PlatformSettings defaults = settings.current();
        String planSlug = d.plan() == null ? "free" : d.plan();
        Plan plan = catalog.findPlan(planSlug).orElse(null);
        if (plan == null) {
            errors.put("plan", "unknown plan '%s'".formatted(planSlug));
        } else if (!plan.active()) {
            errors.put("plan", "plan '%s' is deactivated and cannot be given to new tenants".formatted(planSlug));
        }
        if (d.cycle() != null) {
            try {
                BillingCycle cycle = BillingCycle.fromCode(d.cycle());
                if (plan != null && plan.price(cycle).isEmpty()) {
                    errors.put("cycle", "plan '%s' has no %s price".formatted(planSlug, cycle.code()));
                }
            } catch (IllegalArgumentException e) {
                errors.put("cycle", e.getMessage());
            }
        }
        if (d.adminEmail() == null && emailRequired) {
            errors.put(emailField, "is required");
        } else if (d.adminEmail() != null && !TenantChecks.isEmail(d.adminEmail())) {
            errors.put(emailField, "is not an email address");
        }
        Tenant.Contact contact = d.contact() == null ? Tenant.Contact.EMPTY : d.contact();
        if (contact.email() == null && d.adminEmail() != null) {
            contact = new Tenant.Contact(d.adminEmail(), contact.phone(), contact.billingEmail(), contact.addressLine1(),
                    contact.addressLine2(), contact.city(), contact.region(), contact.postalCode(), contact.country(),
                    contact.taxId());
        }
        TenantDraft.RegionalDraft r = d.regional();
        Tenant.Regional regional = new Tenant.Regional(
                r == null || r.timezone() == null ? defaults.defaultTimezone() : r.timezone(),
                r == null || r.currency() == null ? defaults.defaultCurrency() : r.currency(),
                r == null || r.locale() == null ? defaults.defaultLocale() : r.locale());
        Map<String, Boolean> features = new TreeMap<>(switches.defaults());
        if (d.features() != null) {
            features.putAll(d.features());
            switches.validateTenantValues(d.features(), errors);
        }
        TenantChecks.check(d.name(), d.legalName(), contact, regional, features, errors);
        TenantChecks.reject(errors);
        if (store.slugTaken(d.slug())) {
            throw ProblemException.conflict("duplicate", "The slug '%s' is taken".formatted(d.slug()));
        }
        Instant now = now();
        Tenant created = new Tenant(TenantId.of(Ids.newId(clock)), d.slug(), d.name().trim(), d.legalName(),
                TenantStatus.TRIAL, null, planSlug, contact, regional, features, 1, now, now, null);
        store.insert(created);
        audit.record(AuditEntry.of("tenant.created", created.id(), created.slug(), null, created));
        events.publishEvent(new TenantCreated(created.id(), created.slug(), planSlug, d.cycle(),
                defaults.defaultCurrency(), created.status(), now, d.adminEmail()));
        // Read again: the listeners of TenantCreated (the trial subscription) may have moved it on already.
        return store.find(created.id()).orElseThrow();
    }

    /** Applies a JSON merge patch to name, legal name, contact, regional settings and features. */
    @Override
    @Transactional
    public Tenant update(String slug, String mergePatchJson, @Nullable Integer expectedVersion) {
        Tenant before = store.lockBySlug(slug);
        if (expectedVersion != null && expectedVersion != before.version()) {
            throw new ProblemException(HttpStatus.PRECONDITION_FAILED, "stale-version",
                    "The tenant was changed since version %d; it is now at version %d".formatted(expectedVersion,
                            before.version()),
                    Map.of("currentVersion", before.version()));
        }
        JsonNode patch = MergePatch.parse(json, mergePatchJson);
        for (String field : List.of("slug", "id", "status", "plan", "cycle", "version", "createdAt", "updatedAt",
                "deletedAt", "suspension", "adminEmail")) {
            if (patch.has(field)) {
                String why = switch (field) {
                    case "slug" -> "is immutable";
                    case "status", "suspension" -> "changes only through suspend, activate and the subscription";
                    case "plan", "cycle" -> "changes through the tenant's subscription";
                    default -> "is read-only";
                };
                throw ProblemException.invalidField(field, why);
            }
        }
        ObjectNode document = json.createObjectNode();
        document.put("name", before.name());
        if (before.legalName() != null) {
            document.put("legalName", before.legalName());
        }
        document.set("contact", json.valueToTree(before.contact()));
        document.set("regional", json.valueToTree(before.regional()));
        document.set("features", json.valueToTree(before.features()));
        MergePatch.apply(document, patch);
        Update u = MergePatch.bind(json, document, Update.class);
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Boolean> features = new TreeMap<>(u.features() == null ? Map.of() : u.features());
        // Whether one switch or the whole "features" object is nulled out, a switch of the catalogue must stay.
        for (String known : before.features().keySet()) {
            if (!features.containsKey(known)) {
                errors.put("features." + known, "a switch of the catalogue cannot be removed; set it to false");
            }
        }
        switches.validateTenantValues(features, errors);
        Tenant.Contact contact = u.contact() == null ? Tenant.Contact.EMPTY : u.contact();
        Tenant.Regional regional = u.regional();
        if (regional == null || regional.timezone() == null || regional.currency() == null
                || regional.locale() == null) {
            errors.put("regional", "timezone, currency and locale cannot be removed");
            regional = before.regional();
        }
        TenantChecks.check(u.name(), u.legalName(), contact, regional, features, errors);
        TenantChecks.reject(errors);
        Tenant after = new Tenant(before.id(), before.slug(), u.name().trim(), u.legalName(), before.status(),
                before.suspension(), before.plan(), contact, regional, features, before.version() + 1,
                before.createdAt(), now(), before.deletedAt());
        store.save(after);
        audit.record(AuditEntry.of("tenant.updated", after.id(), slug, before, after));
        return after;
    }

    @Override
    @Transactional
    public Tenant suspend(String slug, String reason) {
        String why = Reasons.require(reason);
        Tenant before = store.lockBySlug(slug);
        Tenant.Changed changed = before.suspend(why, Actor.current().id(), now());
        return record("tenant.suspended", before, changed, changed.tenant());
    }

    @Override
    @Transactional
    public Tenant lift(String slug, String reason) {
        String why = Reasons.require(reason);
        Tenant before = store.lockBySlug(slug);
        Tenant.Changed changed = before.lift(why, now());
        return record("tenant.activated", before, changed, Map.of("tenant", changed.tenant(), "reason", why));
    }

    @Override
    @Transactional
    public Tenant delete(String slug) {
        Tenant before = store.lockBySlug(slug);
        return record("tenant.deleted", before, before.softDelete(now()), null);
    }

    @Override
    @Transactional
    public Tenant restore(String slug) {
        Tenant before = store.lockBySlugEvenDeleted(slug);
        return record("tenant.restored", before, before.restore(now()), null);
    }

    /** Saves, audits ({@code after} is the tenant unless something more is recorded) and publishes a change. */
    private Tenant record(String auditType, Tenant before, Tenant.Changed changed, @Nullable Object after) {
        store.save(changed.tenant());
        audit.record(AuditEntry.of(auditType, before.id(), before.slug(), before,
                after == null ? changed.tenant() : after));
        changed.events().forEach(events::publishEvent);
        return changed.tenant();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    record Update(@Nullable String name, @Nullable String legalName, Tenant.@Nullable Contact contact,
            Tenant.@Nullable Regional regional, @Nullable Map<String, Boolean> features) {
    }
}
