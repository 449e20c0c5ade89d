/**
 * Notifications to tenants and platform staff: what happened, told by mail and in the tenant's portal.
 * <p>
 * Owns the notification outbox (one row per notification, rendered when it is enqueued), the templates under
 * {@code templates/notifications/}, delivery by SMTP with retries (or capture into a mail outbox staff can read
 * when no SMTP server is configured), and the tenants' in-app notifications. Other modules call
 * {@link org.atrium.notifications.Notifications#enqueue} inside their own transaction, so a notification exists
 * exactly when the change it reports was committed.
 * <p>
 * It must not decide <em>when</em> to notify (that is the business of the module where the event happens), nor
 * know about tenants beyond their id: callers put names, plans and amounts in the model.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications", allowedDependencies = { "platform",
        "audit" })
@org.jspecify.annotations.NullMarked
package org.atrium.notifications;
