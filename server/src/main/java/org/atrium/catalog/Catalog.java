package org.atrium.catalog;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** Plans and metrics: reading them, and the owner's changes (each audited with before and after). */
public interface Catalog {

    Optional<Plan> findPlan(String slug);

    /** The plan, or a 404 problem. */
    Plan requirePlan(String slug);

    /** Plans in display order; {@code active} null for all. */
    List<Plan> plans(@Nullable Boolean active);

    Plan create(PlanDefinition definition);

    /** Applies a JSON merge patch to a plan; slug and currency cannot change. */
    Plan update(String slug, String mergePatchJson, @Nullable Integer expectedVersion);

    Plan activate(String slug);

    /** A deactivated plan cannot be given to new subscriptions but stays on existing ones. */
    Plan deactivate(String slug);

    /**
     * Drops the cached plans so the next read comes from the database: for a node told that another node changed a
     * plan. (A change on this node refreshes the cache itself.)
     */
    void refresh();

    List<Metric> metrics();

    Optional<Metric> metric(String key);

    Metric defineMetric(Metric metric);
}
