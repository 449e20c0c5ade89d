/**
 * Entitlements: "may tenant T do X?" from its plan, the owner's overrides and its lifecycle status, answered from
 * an in-memory snapshot and exactly (consuming checks go through metering's conditional update).
 * <p>
 * Owns the overrides, the snapshot cache and its invalidation across nodes (PostgreSQL LISTEN/NOTIFY, or Redis
 * pub/sub when {@code ATRIUM_REDIS_URL} is set), the enforcement filter on tenant-facing routes and per-tenant rate
 * limiting. Other modules ask through {@link org.atrium.entitlements.Entitlements}; this module never changes a
 * tenant's status or plan (that is {@code subscriptions} and {@code tenancy}).
 * <p>
 * Tenant-facing routes are {@code /api/v1/portal/{slug}/**} and {@code /api/v1/public/**} requests that name a
 * tenant in the {@code X-Atrium-Tenant} header or the {@code tenant} query parameter.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Entitlements", allowedDependencies = { "platform",
        "audit", "catalog", "tenancy", "metering" })
@org.jspecify.annotations.NullMarked
package org.atrium.entitlements;
