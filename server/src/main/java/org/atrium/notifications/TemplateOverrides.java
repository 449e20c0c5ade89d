package org.atrium.notifications;

import java.util.List;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Tenants' own wording of their notifications. An override applies to every notification of that type enqueued for
 * the tenant from then on; templates are sandboxed ({@code {{variable}}} of the type's fixed set only) and their
 * output escaped.
 */
public interface TemplateOverrides {

    /** Every notification a tenant may override, with its current text. */
    List<NotificationTemplate> list(TenantId tenant);

    NotificationTemplate get(TenantId tenant, NotificationType type);

    /**
     * @throws org.atrium.platform.ProblemException 400 {@code validation} naming the field for an unknown variable
     *                                              or any syntax besides {@code {{variable}}}; 412 for a stale
     *                                              version
     */
    NotificationTemplate save(TenantId tenant, NotificationType type, TemplateText text,
            @Nullable Integer expectedVersion);

    /** Back to the default (kept in the history). */
    NotificationTemplate reset(TenantId tenant, NotificationType type);

    /** The text (or the current one, when null) rendered on sample data; checked as {@link #save} would. */
    TemplatePreview preview(TenantId tenant, NotificationType type, @Nullable TemplateText text);

    PageResponse<TemplateVersion> history(TenantId tenant, NotificationType type, PageRequest page);
}
