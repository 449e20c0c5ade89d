package org.atrium.entitlements.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

import org.atrium.catalog.Metric;
import org.atrium.catalog.Plan;
import org.atrium.entitlements.CheckResult;
import org.atrium.entitlements.EntitlementOverride;
import org.atrium.entitlements.EntitlementSnapshot;
import org.atrium.entitlements.EntitlementSnapshot.FeatureEntitlement;
import org.atrium.entitlements.EntitlementSnapshot.LimitEntitlement;
import org.atrium.entitlements.Entitlements;
import org.atrium.metering.Consumption;
import org.atrium.metering.CurrentUsage;
import org.atrium.metering.Metering;
import org.atrium.metering.UsageLimits;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Answers entitlement questions from {@link TenantRules} held in {@link RulesCache} and usage from
 * {@link Metering}. Also tells metering the limits it announces thresholds against.
 */
@Service
class EntitlementService implements Entitlements, UsageLimits {

    static final String GRACE_WARNING = "The subscription is in its grace period: writes still work, but the tenant "
            + "becomes read-only unless the open invoice is paid";

    private final RulesCache cache;
    private final PlanRules plans;
    private final JdbcOverrides overrides;
    private final Tenants tenants;
    private final Metering metering;
    private final Clock clock;

    EntitlementService(RulesCache cache, PlanRules plans, JdbcOverrides overrides, Tenants tenants, Metering metering,
            Clock clock) {
        this.cache = cache;
        this.plans = plans;
        this.overrides = overrides;
        this.tenants = tenants;
        this.metering = metering;
        this.clock = clock;
    }

    /** The tenant's rules now, from the cache unless an override in them has expired meanwhile. */
    public TenantRules rules(TenantId tenant) {
        TenantRules rules = cache.get(tenant, this::load);
        if (!clock.instant().isBefore(rules.validUntil())) {
            cache.evict(tenant);
            rules = cache.get(tenant, this::load);
        }
        return rules;
    }

    private TenantRules load(TenantId id) {
        Tenant tenant = tenants.require(id);
        Instant now = clock.instant();
        JdbcOverrides.InForce inForce = overrides.inForce(id, now);
        var plan = plans.plan(tenant.plan());
        return new TenantRules(id, tenant.slug(), tenant.effectiveStatus(), tenant.plan(),
                ZoneId.of(tenant.regional().timezone()), PlanRules.limitsOf(plan),
                plan.map(Plan::features).orElse(Map.of()), inForce.overrides(), inForce.validUntil());
    }

    @Override
    public CheckResult check(TenantId tenant, String metricKey, long quantity, boolean consume) {
        Metric metric = requireMetric(metricKey);
        if (quantity < 0 || quantity > Metering.MAX_QUANTITY) {
            throw ProblemException.invalidField("quantity", "must be between 0 and " + Metering.MAX_QUANTITY);
        }
        TenantRules rules = rules(tenant);
        OptionalLong limit = rules.limit(metric.key());
        Long shownLimit = limit.isPresent() ? limit.getAsLong() : 0L;
        if (!rules.status().writeAllowed()) {
            long current = metering.current(tenant, metric.key()).value();
            return new CheckResult(false, current, shownLimit, remaining(shownLimit, current), statusReason(rules));
        }
        if (limit.isEmpty()) {
            long current = metering.current(tenant, metric.key()).value();
            return new CheckResult(false, current, 0L, 0L, CheckResult.NOT_IN_PLAN);
        }
        long max = limit.getAsLong();
        boolean allowed;
        long current;
        if (consume) {
            Consumption consumption = metering.consume(tenant, metric.key(), quantity, max);
            allowed = consumption.consumed();
            current = consumption.current();
        } else {
            current = metering.current(tenant, metric.key()).value();
            allowed = max < 0 ? current <= Long.MAX_VALUE - quantity : quantity <= max - current;
        }
        return new CheckResult(allowed, current, max, remaining(max, current),
                allowed ? null : CheckResult.LIMIT_EXCEEDED);
    }

    @Override
    public CheckResult checkFeature(TenantId tenant, String feature) {
        TenantRules rules = rules(tenant);
        if (!rules.knowsFeature(feature) && !plans.isKnownFeature(feature)) {
            throw ProblemException.badRequest("unknown-feature",
                    "No plan or override knows a feature '%s'".formatted(feature),
                    Map.of("feature", "unknown feature"));
        }
        if (rules.status() == TenantStatus.SUSPENDED) {
            return new CheckResult(false, null, null, null, CheckResult.SUSPENDED);
        }
        boolean enabled = rules.feature(feature);
        return new CheckResult(enabled, null, null, null, enabled ? null : CheckResult.FEATURE_DISABLED);
    }

    @Override
    public void consumeOrRefuse(TenantId tenant, String metric, long quantity) {
        requireWriteAllowed(tenant);
        CheckResult result = check(tenant, metric, quantity, true);
        if (!result.allowed()) {
            throw limitExceeded(rules(tenant).slug(), metric, quantity, result);
        }
    }

    @Override
    public void requireWriteAllowed(TenantId tenant) {
        TenantRules rules = rules(tenant);
        if (rules.status() == TenantStatus.SUSPENDED) {
            throw suspended(rules);
        }
        if (!rules.status().writeAllowed()) {
            throw readOnly(rules);
        }
    }

    @Override
    public boolean writeAllowed(TenantId tenant) {
        return rules(tenant).status().writeAllowed();
    }

    @Override
    public EntitlementSnapshot snapshot(TenantId tenant) {
        TenantRules rules = rules(tenant);
        Map<String, FeatureEntitlement> features = new TreeMap<>();
        TreeSet<String> featureNames = new TreeSet<>(rules.planFeatures().keySet());
        TreeSet<String> metricNames = new TreeSet<>(rules.planLimits().keySet());
        rules.overrides().values().forEach(o -> (EntitlementOverride.LIMIT.equals(o.kind()) ? metricNames
                : featureNames).add(o.key()));
        for (String name : featureNames) {
            EntitlementOverride o = featureOverride(rules, name);
            features.put(name, new FeatureEntitlement(rules.feature(name), o != null, o == null ? null : o.until()));
        }
        Map<String, LimitEntitlement> limits = new LinkedHashMap<>();
        for (String name : metricNames) {
            if (metering.metric(name).isEmpty()) {
                continue; // a plan may still name a metric that was since removed from the registry
            }
            CurrentUsage usage = metering.current(tenant, name);
            long limit = rules.limit(name).orElse(0L);
            EntitlementOverride o = rules.overrides().get(name);
            boolean overridden = o != null && EntitlementOverride.LIMIT.equals(o.kind());
            limits.put(name, new LimitEntitlement(usage.kind(), limit, usage.value(), remaining(limit, usage.value()),
                    overridden, overridden ? o.until() : null,
                    usage.period() == null ? null : usage.period().start(),
                    usage.period() == null ? null : usage.period().end()));
        }
        return new EntitlementSnapshot(rules.slug(), rules.plan(), rules.status(), rules.status().writeAllowed(),
                rules.status() == TenantStatus.GRACE_PERIOD ? GRACE_WARNING : null, features, limits);
    }

    @Override
    public OptionalLong limit(TenantId tenant, String metric) {
        return rules(tenant).limit(metric);
    }

    private static EntitlementOverride featureOverride(TenantRules rules, String name) {
        EntitlementOverride o = rules.overrides().get(name);
        return o != null && EntitlementOverride.FEATURE.equals(o.kind()) ? o : null;
    }

    private Metric requireMetric(String key) {
        return metering.metric(key).orElseThrow(() -> ProblemException.badRequest("unknown-metric",
                "There is no metric '%s'; see GET /api/v1/metrics".formatted(key), Map.of("metric", "unknown metric")));
    }

    private static Long remaining(long limit, long current) {
        return limit < 0 ? null : Math.max(0, limit - current);
    }

    private static String statusReason(TenantRules rules) {
        return rules.status() == TenantStatus.SUSPENDED ? CheckResult.SUSPENDED : CheckResult.READ_ONLY;
    }

    public static ProblemException suspended(TenantRules rules) {
        return new ProblemException(HttpStatus.FORBIDDEN, "tenant-suspended",
                "Tenant %s is suspended: only billing, recharge, pricing and logout are available".formatted(
                        rules.slug()),
                Map.of("tenant", rules.slug(), "tenantStatus", rules.status().code()));
    }

    public static ProblemException readOnly(TenantRules rules) {
        return new ProblemException(HttpStatus.FORBIDDEN, "subscription-read-only",
                "Tenant %s is %s: its data can be read but not changed until the subscription is paid or renewed"
                        .formatted(rules.slug(), rules.status().code().replace('_', ' ')),
                Map.of("tenant", rules.slug(), "tenantStatus", rules.status().code()));
    }

    static ProblemException limitExceeded(String slug, String metric, long quantity, CheckResult result) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tenant", slug);
        properties.put("metric", metric);
        properties.put("requested", quantity);
        properties.put("current", result.current());
        properties.put("limit", result.limit());
        return new ProblemException(HttpStatus.FORBIDDEN, "limit-exceeded",
                "Tenant %s has used %d of its %d %s; %d more does not fit".formatted(slug, result.current(),
                        result.limit(), metric, quantity),
                properties);
    }
}
