/**
 * The developer platform: tenant API keys (scoped, hashed, rotatable, revocable on every node within a second) and
 * the rules that keep a tenant key inside its own tenant; outgoing webhooks (signed the Standard Webhooks way,
 * delivered from the outbox with retries, replayable). It must not hand a tenant key any platform permission
 * beyond what one route of its own tenant needs for one request.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Developer platform", allowedDependencies = {
        "platform", "audit", "identity", "tenancy", "entitlements", "billing", "wallet", "subscriptions", "metering",
        "payments" })
@org.jspecify.annotations.NullMarked
package org.atrium.developer;
