package org.atrium.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Collection;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

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
import org.atrium.platform.Slugs;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.TenantDraft;
import org.atrium.tenancy.TenantFeatures;
import org.atrium.tenancy.TenantPlanChanged;
import org.atrium.tenancy.TenantQuery;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.TenantStatusChanged;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Tenants in one table; every change is audited with the state before and after. */
@Service
public class JdbcTenants implements Tenants {

    static final Duration RESTORE_WINDOW = Duration.ofDays(30);
    private static final Pattern FEATURE_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.]{0,63}");
    private static final TypeReference<Map<String, Boolean>> FEATURES = new TypeReference<>() {
    };
    static final Map<String, String> SORTABLE = Map.of("name", "name", "slug", "slug", "createdAt", "created_at",
            "status", "status", "plan", "plan_slug", "updatedAt", "updated_at");

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final Catalog catalog;
    private final Settings settings;
    private final ApplicationEventPublisher events;
    private final Object readsKey = new Object();

    JdbcTenants(JdbcClient jdbc, ObjectMapper json, Clock clock, AuditLog audit, Catalog catalog, Settings settings,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.clock = clock;
        this.audit = audit;
        this.catalog = catalog;
        this.settings = settings;
        this.events = events;
    }

    @Override
    public Optional<Tenant> findBySlug(String slug) {
        return jdbc.sql("select * from tenants where slug = :slug and deleted_at is null").param("slug", slug)
                .query(this::tenant).optional();
    }

    @Override
    public Tenant requireBySlug(String slug) {
        return findBySlug(slug).orElseThrow(() -> ProblemException.notFound("Tenant", slug));
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        Map<TenantId, Tenant> read = readInThisTransaction();
        Tenant known = read == null ? null : read.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Tenant> found = jdbc.sql("select * from tenants where id = :id").param("id", id.value())
                .query(this::tenant).optional();
        if (read != null) {
            found.ifPresent(t -> read.put(id, t));
        }
        return found;
    }

    @Override
    public Tenant require(TenantId id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("Tenant", id.toString()));
    }

    @Override
    public Map<TenantId, Tenant> findAll(Collection<TenantId> ids) {
        Map<TenantId, Tenant> read = readInThisTransaction();
        Map<TenantId, Tenant> found = new HashMap<>();
        List<UUID> missing = new ArrayList<>();
        for (TenantId id : ids) {
            Tenant known = read == null ? null : read.get(id);
            if (known != null) {
                found.put(id, known);
            } else {
                missing.add(id.value());
            }
        }
        if (!missing.isEmpty()) {
            jdbc.sql("select * from tenants where id = any(:ids)").param("ids", SqlArray.of("uuid", missing))
                    .query(this::tenant).list().forEach(t -> {
                        found.put(t.id(), t);
                        if (read != null) {
                            read.put(t.id(), t);
                        }
                    });
        }
        return found;
    }

    @Override
    @Transactional
    public void changeStatusAll(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<UUID> ids = changes.stream().map(c -> c.id().value()).distinct().sorted().toList();
        Map<TenantId, Tenant> locked = new HashMap<>();
        jdbc.sql("select * from tenants where id = any(:ids) order by id for no key update")
                .param("ids", SqlArray.of("uuid", ids)).query(this::tenant).list()
                .forEach(t -> locked.put(t.id(), remember(t)));
        for (StatusChange change : changes) {
            Tenant before = locked.get(change.id());
            if (before == null || before.status() != change.status() || !before.plan().equals(change.planSlug())) {
                changeStatus(change.id(), change.status(), change.planSlug());
            }
        }
    }

    @Override
    @Transactional
    public Tenant changeStatus(TenantId id, TenantStatus status, String planSlug) {
        Tenant before = lock(id);
        if (before.status() == status && before.plan().equals(planSlug)) {
            return before;
        }
        jdbc.sql("update tenants set status = :status, plan_slug = :plan, version = version + 1, updated_at = :now where id = :id")
                .param("status", status.code()).param("plan", planSlug).param("now", now()).param("id", id.value())
                .update();
        forget(id);
        Tenant after = require(id);
        if (before.effectiveStatus() != after.effectiveStatus()) {
            events.publishEvent(new TenantStatusChanged(id, after.slug(), before.effectiveStatus(),
                    after.effectiveStatus()));
        }
        if (!before.plan().equals(after.plan())) {
            events.publishEvent(new TenantPlanChanged(id, after.slug(), before.plan(), after.plan()));
        }
        return after;
    }

    @Transactional
    public Tenant create(TenantDraft d) {
        return create(d, "adminEmail", false);
    }

    /**
     * A prospect's self-service signup: a trial tenant created exactly like one the staff create, except that the
     * contact email (the future tenant admin) is required.
     */
    @Transactional
    public Tenant signUp(@Nullable String slug, @Nullable String name, @Nullable String plan, @Nullable String email) {
        return create(new TenantDraft(slug, name, null, plan, null, email == null ? null : email.trim(), null, null,
                null), "email", true);
    }

    private Tenant create(TenantDraft d, String emailField, boolean emailRequired) {
        Map<String, String> errors = new LinkedHashMap<>();
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
        } else if (d.adminEmail() != null && !isEmail(d.adminEmail())) {
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
        Map<String, Boolean> features = new TreeMap<>(TenantFeatures.DEFAULTS);
        if (d.features() != null) {
            features.putAll(d.features());
        }
        validateCommon(d.name(), d.legalName(), contact, regional, features, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The tenant is not valid: " + errors, errors);
        }
        if (jdbc.sql("select exists(select 1 from tenants where slug = :slug)").param("slug", d.slug())
                .query(Boolean.class).single()) {
            throw ProblemException.conflict("duplicate", "The slug '%s' is taken".formatted(d.slug()));
        }
        UUID id = Ids.newId(clock);
        jdbc.sql("""
                insert into tenants (id, slug, name, legal_name, status, plan_slug, contact, timezone, currency, locale,
                                     features, created_at, updated_at)
                values (:id, :slug, :name, :legalName, 'trial', :plan, cast(:contact as jsonb), :timezone, :currency,
                        :locale, cast(:features as jsonb), :now, :now)
                """).param("id", id).param("slug", d.slug()).param("name", d.name().trim())
                .param("legalName", d.legalName()).param("plan", planSlug)
                .param("contact", json.writeValueAsString(contact)).param("timezone", regional.timezone())
                .param("currency", regional.currency()).param("locale", regional.locale())
                .param("features", json.writeValueAsString(features)).param("now", now()).update();
        Tenant created = require(TenantId.of(id));
        audit.record(AuditEntry.of("tenant.created", created.id(), created.slug(), null, created));
        events.publishEvent(new TenantCreated(created.id(), created.slug(), planSlug, d.cycle(),
                defaults.defaultCurrency(), d.adminEmail()));
        return require(created.id());
    }

    public PageResponse<Tenant> list(TenantQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(query.deleted() ? " where deleted_at is not null"
                : " where deleted_at is null");
        Map<String, Object> params = new HashMap<>();
        if (query.status() != null) {
            if (query.status() == TenantStatus.SUSPENDED) {
                where.append(" and (status = 'suspended' or suspended_at is not null)");
            } else {
                where.append(" and status = :status and suspended_at is null");
                params.put("status", query.status().code());
            }
        }
        if (query.plan() != null) {
            where.append(" and plan_slug = :plan");
            params.put("plan", query.plan());
        }
        if (query.q() != null && !query.q().isBlank()) {
            where.append(" and (name ilike :q or slug ilike :q or legal_name ilike :q)");
            params.put("q", "%" + query.q().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        long total = jdbc.sql("select count(*) from tenants" + where).params(params).query(Long.class).single();
        List<Tenant> items = jdbc.sql("select * from tenants" + where + " order by " + page.orderBy()
                + ", id limit :limit offset :offset").params(params).param("limit", page.size())
                .param("offset", page.offset()).query(this::tenant).list();
        return page.response(items, total);
    }

    /** Applies a JSON merge patch to name, legal name, contact, regional settings and features. */
    @Transactional
    public Tenant update(String slug, String mergePatchJson, @Nullable Integer expectedVersion) {
        Tenant before = lockBySlug(slug);
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
        // Whether one switch or the whole "features" object is nulled out, a built-in switch must stay.
        for (String builtIn : TenantFeatures.DEFAULTS.keySet()) {
            if (before.features().containsKey(builtIn) && !features.containsKey(builtIn)) {
                errors.put("features." + builtIn, "a built-in switch cannot be removed; set it to false");
            }
        }
        Tenant.Contact contact = u.contact() == null ? Tenant.Contact.EMPTY : u.contact();
        Tenant.Regional regional = u.regional();
        if (regional == null || regional.timezone() == null || regional.currency() == null
                || regional.locale() == null) {
            errors.put("regional", "timezone, currency and locale cannot be removed");
            regional = before.regional();
        }
        validateCommon(u.name(), u.legalName(), contact, regional, features, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The tenant is not valid: " + errors, errors);
        }
        jdbc.sql("""
                update tenants set name = :name, legal_name = :legalName, contact = cast(:contact as jsonb),
                       timezone = :timezone, currency = :currency, locale = :locale, features = cast(:features as jsonb),
                       version = version + 1, updated_at = :now
                where id = :id
                """).param("name", u.name().trim()).param("legalName", u.legalName())
                .param("contact", json.writeValueAsString(contact)).param("timezone", regional.timezone())
                .param("currency", regional.currency()).param("locale", regional.locale())
                .param("features", json.writeValueAsString(features)).param("now", now()).param("id", before.id().value())
                .update();
        forget(before.id());
        Tenant after = require(before.id());
        audit.record(AuditEntry.of("tenant.updated", after.id(), slug, before, after));
        return after;
    }

    @Transactional
    public Tenant suspend(String slug, String reason) {
        requireReason(reason);
        Tenant before = lockBySlug(slug);
        if (before.suspension() != null) {
            throw ProblemException.illegalTransition("Tenant " + slug, "suspended", "suspended");
        }
        jdbc.sql("""
                update tenants set suspension_reason = :reason, suspended_at = :now, suspended_by = :by,
                       version = version + 1, updated_at = :now
                where id = :id
                """).param("reason", reason.trim()).param("now", now()).param("by", Actor.current().id())
                .param("id", before.id().value()).update();
        forget(before.id());
        Tenant after = require(before.id());
        audit.record(AuditEntry.of("tenant.suspended", after.id(), slug, before, after));
        if (before.effectiveStatus() != after.effectiveStatus()) {
            events.publishEvent(new TenantStatusChanged(after.id(), slug, before.effectiveStatus(),
                    after.effectiveStatus()));
        }
        return after;
    }

    /** Lifts a suspension by staff. A tenant suspended for non-payment comes back only by paying. */
    @Transactional
    public Tenant activate(String slug, String reason) {
        requireReason(reason);
        Tenant before = lockBySlug(slug);
        if (before.suspension() == null) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition",
                    before.status() == TenantStatus.SUSPENDED
                            ? "Tenant %s is suspended for non-payment, not by staff: record a payment or credit its wallet".formatted(slug)
                            : "Tenant %s is not suspended".formatted(slug),
                    Map.of("currentState", before.effectiveStatus().code(), "requestedState", "active"));
        }
        jdbc.sql("""
                update tenants set suspension_reason = null, suspended_at = null, suspended_by = null,
                       version = version + 1, updated_at = :now
                where id = :id
                """).param("now", now()).param("id", before.id().value()).update();
        forget(before.id());
        Tenant after = require(before.id());
        audit.record(AuditEntry.of("tenant.activated", after.id(), slug, before,
                Map.of("tenant", after, "reason", reason.trim())));
        if (before.effectiveStatus() != after.effectiveStatus()) {
            events.publishEvent(new TenantStatusChanged(after.id(), slug, before.effectiveStatus(),
                    after.effectiveStatus()));
        }
        return after;
    }

    @Transactional
    public Tenant delete(String slug) {
        Tenant before = lockBySlug(slug);
        jdbc.sql("update tenants set deleted_at = :now, version = version + 1, updated_at = :now where id = :id")
                .param("now", now()).param("id", before.id().value()).update();
        forget(before.id());
        Tenant after = require(before.id());
        audit.record(AuditEntry.of("tenant.deleted", after.id(), slug, before, after));
        return after;
    }

    @Transactional
    public Tenant restore(String slug) {
        Tenant before = jdbc.sql("select * from tenants where slug = :slug for no key update").param("slug", slug)
                .query(this::tenant).optional().orElseThrow(() -> ProblemException.notFound("Tenant", slug));
        if (before.deletedAt() == null) {
            throw ProblemException.illegalTransition("Tenant " + slug, "not deleted", "restored");
        }
        if (before.deletedAt().plus(RESTORE_WINDOW).isBefore(clock.instant())) {
            throw ProblemException.conflict("restore-window-passed",
                    "Tenant %s was deleted on %s; it can be restored only within %d days".formatted(slug,
                            before.deletedAt(), RESTORE_WINDOW.toDays()));
        }
        jdbc.sql("update tenants set deleted_at = null, version = version + 1, updated_at = :now where id = :id")
                .param("now", now()).param("id", before.id().value()).update();
        forget(before.id());
        Tenant after = require(before.id());
        audit.record(AuditEntry.of("tenant.restored", after.id(), slug, before, after));
        return after;
    }

    private void validateCommon(@Nullable String name, @Nullable String legalName, Tenant.Contact contact,
            Tenant.Regional regional, Map<String, Boolean> features, Map<String, String> errors) {
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.put("name", "is required, at most 200 characters");
        }
        if (legalName != null && legalName.length() > 300) {
            errors.put("legalName", "at most 300 characters");
        }
        if (contact.email() != null && !isEmail(contact.email())) {
            errors.put("contact.email", "is not an email address");
        }
        if (contact.billingEmail() != null && !isEmail(contact.billingEmail())) {
            errors.put("contact.billingEmail", "is not an email address");
        }
        if (contact.country() != null && !contact.country().matches("[A-Z]{2}")) {
            errors.put("contact.country", "an ISO 3166-1 alpha-2 code such as US");
        }
        if (regional.timezone() != null) {
            try {
                ZoneId.of(regional.timezone());
            } catch (RuntimeException e) {
                errors.put("regional.timezone", "not a known time zone id such as Europe/Berlin");
            }
        }
        if (regional.currency() != null) {
            try {
                Currency.getInstance(regional.currency());
            } catch (RuntimeException e) {
                errors.put("regional.currency", "not an ISO 4217 currency code");
            }
        }
        if (regional.locale() != null) {
            try {
                new Locale.Builder().setLanguageTag(regional.locale());
            } catch (IllformedLocaleException e) {
                errors.put("regional.locale", "not a BCP 47 language tag such as en-US");
            }
        }
        for (Map.Entry<String, Boolean> e : features.entrySet()) {
            if (!FEATURE_KEY.matcher(e.getKey()).matches()) {
                errors.put("features." + e.getKey(), "names are letters, digits, dots and underscores, up to 64");
            } else if (e.getValue() == null) {
                errors.put("features." + e.getKey(), "must be true or false");
            }
        }
    }

    private static boolean isEmail(String value) {
        return value.length() <= 254 && value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    }

    private static void requireReason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidField("reason", "is required");
        }
        if (reason.length() > 1000) {
            throw ProblemException.invalidField("reason", "at most 1000 characters");
        }
    }


    private Tenant lock(TenantId id) {
        return remember(jdbc.sql("select * from tenants where id = :id for no key update").param("id", id.value())
                .query(this::tenant).optional().orElseThrow(() -> ProblemException.notFound("Tenant", id.toString())));
    }

    private Tenant lockBySlug(String slug) {
        return remember(jdbc.sql("select * from tenants where slug = :slug and deleted_at is null for no key update")
                .param("slug", slug).query(this::tenant).optional()
                .orElseThrow(() -> ProblemException.notFound("Tenant", slug)));
    }

    /**
     * The tenants read by id in the current transaction, or null outside one. A transaction reads a tenant from the
     * database once (a renewal needs it for its notices, its price and its invoice's buyer, and gets the same tenant
     * each time); a row locked here replaces it, and a change made here drops it. Only this class writes tenants.
     */
    private @Nullable Map<TenantId, Tenant> readInThisTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<TenantId, Tenant> read = (Map<TenantId, Tenant>) TransactionSynchronizationManager.getResource(readsKey);
        if (read == null) {
            Map<TenantId, Tenant> created = new HashMap<>();
            TransactionSynchronizationManager.bindResource(readsKey, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    // A transaction started inside this one reads for itself.
                    TransactionSynchronizationManager.unbindResource(readsKey);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(readsKey, created);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(readsKey);
                }
            });
            read = created;
        }
        return read;
    }

    private Tenant remember(Tenant tenant) {
        Map<TenantId, Tenant> read = readInThisTransaction();
        if (read != null) {
            read.put(tenant.id(), tenant);
        }
        return tenant;
    }

    private void forget(TenantId id) {
        Map<TenantId, Tenant> read = readInThisTransaction();
        if (read != null) {
            read.remove(id);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private Tenant tenant(ResultSet rs, int n) throws SQLException {
        Timestamp suspendedAt = rs.getTimestamp("suspended_at");
        Tenant.Suspension suspension = suspendedAt == null ? null
                : new Tenant.Suspension(rs.getString("suspension_reason"), suspendedAt.toInstant(),
                        rs.getString("suspended_by"));
        Timestamp deletedAt = rs.getTimestamp("deleted_at");
        return new Tenant(TenantId.of(rs.getObject("id", UUID.class)), rs.getString("slug"), rs.getString("name"),
                rs.getString("legal_name"), TenantStatus.fromCode(rs.getString("status")), suspension,
                rs.getString("plan_slug"), json.readValue(rs.getString("contact"), Tenant.Contact.class),
                new Tenant.Regional(rs.getString("timezone"), rs.getString("currency"), rs.getString("locale")),
                new TreeMap<>(json.readValue(rs.getString("features"), FEATURES)), rs.getInt("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                deletedAt == null ? null : deletedAt.toInstant());
    }

    record Update(@Nullable String name, @Nullable String legalName, Tenant.@Nullable Contact contact,
            Tenant.@Nullable Regional regional, @Nullable Map<String, Boolean> features) {
    }
}
