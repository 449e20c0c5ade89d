package org.atrium.catalog.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Metric;
import org.atrium.catalog.MetricKind;
import org.atrium.catalog.Plan;
import org.atrium.catalog.PlanChanged;
import org.atrium.catalog.PlanDefinition;
import org.atrium.catalog.SupportLevel;
import org.atrium.platform.Ids;
import org.atrium.platform.MergePatch;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.platform.Slugs;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

@Service
class JdbcCatalog implements Catalog {

    private static final Pattern METRIC_KEY = Pattern.compile("[a-z][a-z0-9_]{1,62}");
    private static final Pattern FEATURE_KEY = Pattern.compile("[a-z][a-z0-9_.]{1,62}");
    private static final TypeReference<Map<String, Long>> LIMITS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Boolean>> FEATURES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    JdbcCatalog(JdbcClient jdbc, ObjectMapper json, Clock clock, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.clock = clock;
        this.audit = audit;
        this.events = events;
    }

    /**
     * Plans are read on every renewal and entitlement check and change rarely: they are served from a snapshot that
     * a change on this node replaces after its commit, and that is reloaded at least every few seconds so that
     * another node's change is seen promptly.
     */
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, Plan> plans, long loadedAtNanos) {
    }

    private Map<String, Plan> cached() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s == null || now - s.loadedAtNanos() > 5_000_000_000L) {
            Map<String, Plan> all = new LinkedHashMap<>();
            jdbc.sql("select * from plans order by sort_order, slug").query(this::plan).list()
                    .forEach(p -> all.put(p.slug(), p));
            s = new Snapshot(java.util.Collections.unmodifiableMap(all), now);
            snapshot = s;
        }
        return s.plans();
    }

    private void invalidateAfterCommit() {
        snapshot = null;
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            snapshot = null;
                        }
                    });
        }
    }

    @Override
    public void refresh() {
        snapshot = null;
    }

    @Override
    public Optional<Plan> findPlan(String slug) {
        return Optional.ofNullable(cached().get(slug));
    }

    @Override
    public Plan requirePlan(String slug) {
        return findPlan(slug).orElseThrow(() -> ProblemException.notFound("Plan", slug));
    }

    @Override
    public List<Plan> plans(@Nullable Boolean active) {
        return cached().values().stream().filter(p -> active == null || p.active() == active).toList();
    }

    @Override
    @Transactional
    public Plan create(PlanDefinition d) {
        Map<String, String> errors = new LinkedHashMap<>();
        String slugProblem = Slugs.problemWith(d.slug());
        if (slugProblem != null) {
            errors.put("slug", slugProblem);
        }
        Valid valid = validate(d, errors);
        if (jdbc.sql("select exists(select 1 from plans where slug = :slug)").param("slug", d.slug())
                .query(Boolean.class).single()) {
            throw ProblemException.conflict("duplicate", "A plan with slug '%s' already exists".formatted(d.slug()));
        }
        UUID id = Ids.newId(clock);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into plans (id, slug, name, description, currency, limits, features, support_level, trial_days,
                                   active, recommended, sort_order, version, created_at, updated_at)
                values (:id, :slug, :name, :description, :currency, cast(:limits as jsonb), cast(:features as jsonb),
                        :support, :trialDays, :active, :recommended, :sortOrder, 1, :now, :now)
                """).param("id", id).param("slug", d.slug()).param("name", d.name().trim())
                .param("description", d.description()).param("currency", valid.currency().getCurrencyCode())
                .param("limits", json.writeValueAsString(valid.limits()))
                .param("features", json.writeValueAsString(valid.features())).param("support", valid.support().code())
                .param("trialDays", d.trialDays()).param("active", d.active() == null || d.active())
                .param("recommended", Boolean.TRUE.equals(d.recommended()))
                .param("sortOrder", d.sortOrder() == null ? 0 : d.sortOrder()).param("now", Timestamp.from(now))
                .update();
        writePrices(id, valid.prices());
        invalidateAfterCommit();
        Plan created = load(d.slug());
        audit.record(AuditEntry.of("plan.created", null, created.slug(), null, created));
        events.publishEvent(new PlanChanged(created.slug(), "created"));
        return created;
    }

    @Override
    @Transactional
    public Plan update(String slug, String mergePatchJson, @Nullable Integer expectedVersion) {
        Plan before = lock(slug);
        if (expectedVersion != null && expectedVersion != before.version()) {
            throw stale(before.version(), expectedVersion);
        }
        JsonNode patch = MergePatch.parse(json, mergePatchJson);
        if (patch.has("slug") && !patch.get("slug").asString("").equals(slug)) {
            throw ProblemException.invalidField("slug", "is immutable");
        }
        if (patch.has("currency") && !patch.get("currency").asString("").equals(before.currency())) {
            throw ProblemException.invalidField("currency", "is immutable; create a new plan for another currency");
        }
        for (String meta : List.of("id", "version", "createdAt", "updatedAt")) {
            if (patch.has(meta)) {
                throw ProblemException.invalidField(meta, "is read-only");
            }
        }
        ObjectNode document = (ObjectNode) json.valueToTree(definitionOf(before));
        MergePatch.apply(document, patch);
        PlanDefinition d = MergePatch.bind(json, document, PlanDefinition.class);
        Valid valid = validate(d, new LinkedHashMap<>());
        jdbc.sql("""
                update plans set name = :name, description = :description, limits = cast(:limits as jsonb),
                       features = cast(:features as jsonb), support_level = :support, trial_days = :trialDays,
                       active = :active, recommended = :recommended, sort_order = :sortOrder,
                       version = version + 1, updated_at = :now
                where id = :id
                """).param("name", d.name().trim()).param("description", d.description())
                .param("limits", json.writeValueAsString(valid.limits()))
                .param("features", json.writeValueAsString(valid.features())).param("support", valid.support().code())
                .param("trialDays", d.trialDays()).param("active", d.active() == null || d.active())
                .param("recommended", Boolean.TRUE.equals(d.recommended()))
                .param("sortOrder", d.sortOrder() == null ? 0 : d.sortOrder())
                .param("now", Timestamp.from(clock.instant())).param("id", before.id()).update();
        jdbc.sql("delete from plan_prices where plan_id = :id").param("id", before.id()).update();
        writePrices(before.id(), valid.prices());
        invalidateAfterCommit();
        Plan after = load(slug);
        audit.record(AuditEntry.of("plan.updated", null, slug, before, after));
        events.publishEvent(new PlanChanged(slug, "updated"));
        return after;
    }

    @Override
    @Transactional
    public Plan activate(String slug) {
        return setActive(slug, true);
    }

    @Override
    @Transactional
    public Plan deactivate(String slug) {
        return setActive(slug, false);
    }

    private Plan setActive(String slug, boolean active) {
        Plan before = lock(slug);
        if (before.active() == active) {
            return before;
        }
        jdbc.sql("update plans set active = :active, version = version + 1, updated_at = :now where id = :id")
                .param("active", active).param("now", Timestamp.from(clock.instant())).param("id", before.id())
                .update();
        invalidateAfterCommit();
        Plan after = load(slug);
        audit.record(AuditEntry.of(active ? "plan.activated" : "plan.deactivated", null, slug, before, after));
        events.publishEvent(new PlanChanged(slug, active ? "activated" : "deactivated"));
        return after;
    }

    @Override
    public List<Metric> metrics() {
        return jdbc.sql("select * from metrics order by key").query((rs, n) -> metric(rs)).list();
    }

    @Override
    public Optional<Metric> metric(String key) {
        return jdbc.sql("select * from metrics where key = :key").param("key", key).query((rs, n) -> metric(rs))
                .optional();
    }

    @Override
    @Transactional
    public Metric defineMetric(Metric m) {
        if (m.key() == null || !METRIC_KEY.matcher(m.key()).matches()) {
            throw ProblemException.invalidField("key", "2 to 63 lowercase letters, digits and underscores, starting with a letter");
        }
        if (m.kind() == null) {
            throw ProblemException.invalidField("kind", "is required: per_cycle, daily or level");
        }
        if (m.description() == null || m.description().isBlank()) {
            throw ProblemException.invalidField("description", "is required");
        }
        if (metric(m.key()).isPresent()) {
            throw ProblemException.conflict("duplicate", "Metric '%s' already exists".formatted(m.key()));
        }
        jdbc.sql("insert into metrics (key, kind, description, unit, created_at) values (:key, :kind, :description, :unit, :now)")
                .param("key", m.key()).param("kind", m.kind().code()).param("description", m.description())
                .param("unit", m.unit()).param("now", Timestamp.from(clock.instant())).update();
        audit.record(AuditEntry.of("metric.created", null, m.key(), null, m));
        return m;
    }

    private Plan load(String slug) {
        return jdbc.sql("select * from plans where slug = :slug").param("slug", slug).query(this::plan).single();
    }

    private Plan lock(String slug) {
        return jdbc.sql("select * from plans where slug = :slug for update").param("slug", slug).query(this::plan)
                .optional().orElseThrow(() -> ProblemException.notFound("Plan", slug));
    }

    private void writePrices(UUID planId, Map<BillingCycle, Money> prices) {
        prices.forEach((cycle, money) -> jdbc.sql("insert into plan_prices (plan_id, cycle, amount) values (:id, :cycle, :amount)")
                .param("id", planId).param("cycle", cycle.code()).param("amount", money.amount()).update());
    }

    private record Valid(Currency currency, Map<BillingCycle, Money> prices, Map<String, Long> limits,
            Map<String, Boolean> features, SupportLevel support) {
    }

    private Valid validate(PlanDefinition d, Map<String, String> errors) {
        if (d.name() == null || d.name().isBlank() || d.name().length() > 100) {
            errors.put("name", "is required, at most 100 characters");
        }
        if (d.description() != null && d.description().length() > 2000) {
            errors.put("description", "at most 2000 characters");
        }
        Currency currency = null;
        try {
            currency = Currency.getInstance(d.currency() == null ? "" : d.currency());
        } catch (IllegalArgumentException e) {
            errors.put("currency", "is required: an ISO 4217 code such as USD");
        }
        Map<BillingCycle, Money> prices = new EnumMap<>(BillingCycle.class);
        if (d.prices() == null || d.prices().isEmpty()) {
            errors.put("prices", "at least one billing cycle needs a price");
        } else {
            for (Map.Entry<String, BigDecimal> e : d.prices().entrySet()) {
                BillingCycle cycle;
                try {
                    cycle = BillingCycle.fromCode(e.getKey());
                } catch (IllegalArgumentException ex) {
                    errors.put("prices." + e.getKey(), "unknown billing cycle; expected monthly, quarterly, semiannual or annual");
                    continue;
                }
                if (e.getValue() == null || e.getValue().signum() < 0) {
                    errors.put("prices." + e.getKey(), "must be zero or more");
                } else if (currency != null) {
                    try {
                        prices.put(cycle, new Money(e.getValue(), currency));
                    } catch (IllegalArgumentException ex) {
                        errors.put("prices." + e.getKey(), ex.getMessage());
                    }
                }
            }
        }
        Map<String, Long> limits = new TreeMap<>();
        if (d.limits() != null) {
            for (Map.Entry<String, Long> e : d.limits().entrySet()) {
                if (metric(e.getKey()).isEmpty()) {
                    errors.put("limits." + e.getKey(), "unknown metric; define it first with POST /api/v1/metrics");
                } else if (e.getValue() == null || e.getValue() < -1) {
                    errors.put("limits." + e.getKey(), "must be -1 (unlimited) or a number of 0 or more");
                } else {
                    limits.put(e.getKey(), e.getValue());
                }
            }
        }
        Map<String, Boolean> features = new TreeMap<>();
        if (d.features() != null) {
            for (Map.Entry<String, Boolean> e : d.features().entrySet()) {
                if (!FEATURE_KEY.matcher(e.getKey()).matches()) {
                    errors.put("features." + e.getKey(), "feature names are lowercase letters, digits, dots and underscores");
                } else if (e.getValue() == null) {
                    errors.put("features." + e.getKey(), "must be true or false");
                } else {
                    features.put(e.getKey(), e.getValue());
                }
            }
        }
        SupportLevel support = SupportLevel.EMAIL;
        if (d.supportLevel() != null) {
            try {
                support = SupportLevel.fromCode(d.supportLevel());
            } catch (IllegalArgumentException e) {
                errors.put("supportLevel", e.getMessage());
            }
        }
        if (d.trialDays() != null && (d.trialDays() < 0 || d.trialDays() > 365)) {
            errors.put("trialDays", "must be between 0 and 365, or null for the platform default");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The plan is not valid: " + errors, errors);
        }
        return new Valid(currency, prices, limits, features, support);
    }

    private static PlanDefinition definitionOf(Plan p) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        p.prices().forEach((cycle, money) -> prices.put(cycle.code(), money.amount()));
        return new PlanDefinition(p.slug(), p.name(), p.description(), p.currency(), prices, p.limits(),
                p.features(), p.supportLevel().code(), p.trialDays(), p.active(), p.recommended(), p.sortOrder());
    }


    private static ProblemException stale(int current, int expected) {
        return new ProblemException(HttpStatus.PRECONDITION_FAILED, "stale-version",
                "The plan was changed since version %d; it is now at version %d".formatted(expected, current),
                Map.of("currentVersion", current));
    }

    private Plan plan(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Currency currency = Currency.getInstance(rs.getString("currency"));
        Map<BillingCycle, Money> prices = new EnumMap<>(BillingCycle.class);
        jdbc.sql("select cycle, amount from plan_prices where plan_id = :id").param("id", id)
                .query((r, i) -> prices.put(BillingCycle.fromCode(r.getString("cycle")),
                        new Money(r.getBigDecimal("amount"), currency)))
                .list();
        Integer trialDays = rs.getObject("trial_days") == null ? null : rs.getInt("trial_days");
        return new Plan(id, rs.getString("slug"), rs.getString("name"), rs.getString("description"),
                currency.getCurrencyCode(), prices, new TreeMap<>(json.readValue(rs.getString("limits"), LIMITS)),
                new TreeMap<>(json.readValue(rs.getString("features"), FEATURES)),
                SupportLevel.fromCode(rs.getString("support_level")), trialDays, rs.getBoolean("active"),
                rs.getBoolean("recommended"), rs.getInt("sort_order"), rs.getInt("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static Metric metric(ResultSet rs) throws SQLException {
        return new Metric(rs.getString("key"), MetricKind.fromCode(rs.getString("kind")), rs.getString("description"),
                rs.getString("unit"));
    }
}
