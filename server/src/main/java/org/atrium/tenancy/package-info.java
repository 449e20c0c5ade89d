/**
 * Tenants: the platform's customers. Their identity (slug, names), contact and legal details, regional settings,
 * feature switches the product reads, lifecycle status, manual suspension by staff and soft deletion.
 * <p>
 * The lifecycle status is driven by {@code subscriptions} through {@link org.atrium.tenancy.Tenants#changeStatus};
 * this module only records it and tells others when it changes.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy", allowedDependencies = { "platform", "audit",
        "catalog", "operations" })
@org.jspecify.annotations.NullMarked
package org.atrium.tenancy;
