package org.atrium.entitlements.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Plans as entitlements read them, and the feature names any plan knows (a check of any other name is a 400).
 * Cleared on every plan change, on this node and, through the invalidation bus, on the others.
 */
@Component
class PlanRules {

    private final Catalog catalog;
    private final Cache<String, Optional<Plan>> plans = Caffeine.newBuilder().maximumSize(10_000).build();
    private volatile Set<String> knownFeatures;

    PlanRules(Catalog catalog) {
        this.catalog = catalog;
    }

    Optional<Plan> plan(String slug) {
        return plans.get(slug, catalog::findPlan);
    }

    boolean isKnownFeature(String name) {
        Set<String> known = knownFeatures;
        if (known == null) {
            Set<String> loaded = new TreeSet<>();
            catalog.plans(null).forEach(p -> loaded.addAll(p.features().keySet()));
            known = Set.copyOf(loaded);
            knownFeatures = known;
        }
        return known.contains(name);
    }

    void clear() {
        plans.invalidateAll();
        knownFeatures = null;
    }

    static Map<String, Long> limitsOf(Optional<Plan> plan) {
        return plan.map(Plan::limits).orElse(Map.of());
    }
}
