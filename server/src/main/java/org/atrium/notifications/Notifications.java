package org.atrium.notifications;

import java.util.List;
import java.util.UUID;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;

/** Tells tenants (and platform staff) what happened, by mail and in the tenant's portal. */
public interface Notifications {

    /**
     * Renders the notification and writes it to the outbox as part of the caller's transaction, which must exist:
     * it is mailed after the transaction commits, and never if it rolls back. A tenant's notification is also
     * listed in its portal at once.
     *
     * @return true when queued; false when a notification with the same dedupe key already was
     * @throws IllegalArgumentException when the template cannot be rendered with the model
     * @throws org.springframework.transaction.IllegalTransactionStateException when called outside a transaction
     */
    boolean enqueue(NotificationRequest request);

    /**
     * {@link #enqueue} for several notifications, written with one statement; the results are in the order given.
     * Two requests of one call with the same dedupe key queue the first only.
     */
    List<Boolean> enqueueAll(List<NotificationRequest> requests);

    /** A tenant's in-app notifications, newest first unless sorted otherwise. */
    PageResponse<InAppNotification> inApp(TenantId tenant, boolean unreadOnly, PageRequest page);

    /**
     * Marks an in-app notification of the tenant read. Marking it again keeps the first time it was read.
     *
     * @throws org.atrium.platform.ProblemException (404) when the tenant has no such notification
     */
    InAppNotification markRead(TenantId tenant, UUID id);

    /**
     * Platform-wide, for staff paths only: {@link #markRead(TenantId, UUID)} for a notification of whichever tenant
     * it belongs to.
     */
    InAppNotification markReadOfAnyTenant(UUID id);
}
