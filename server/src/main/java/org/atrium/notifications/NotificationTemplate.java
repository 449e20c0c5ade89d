package org.atrium.notifications;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's view of one notification's template: its own override, or the default.
 *
 * @param version   the override's version; 0 for the default
 * @param variables the fixed set of {@code {{variable}}}s the template may use
 */
public record NotificationTemplate(NotificationType type, boolean overridden, int version, TemplateText text,
        TemplateText defaults, Set<String> variables, @Nullable Instant updatedAt, @Nullable String updatedBy) {
}
