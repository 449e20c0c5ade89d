/**
 * What is for sale: plans with prices per billing cycle, numeric limits on named metrics, feature flags, a
 * support level and trial days; and the registry of metrics that limits refer to.
 * <p>
 * The catalog says what a plan offers; it does not know who is on it (that is {@code subscriptions}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Catalog", allowedDependencies = { "platform", "audit" })
@org.jspecify.annotations.NullMarked
package org.atrium.catalog;
