package org.atrium.notifications;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * A notification to enqueue. Refused at construction when it could never be delivered as meant: no dedupe key,
 * nobody to tell, an address that is not one, or a model without the values its type's template needs.
 *
 * @param dedupeKey names the occurrence being told ({@code renewal:<subscription>:2026-12-06}); a second request
 *                  with the same key is a no-op, so a job re-run after a crash tells nobody twice
 * @param tenant    the tenant told, which also sees it in its portal; null for a platform mail
 * @param type      what is told
 * @param recipient the email address to mail; null to notify in the portal only
 * @param model     the values the template shows (see {@link NotificationType})
 */
public record NotificationRequest(String dedupeKey, @Nullable TenantId tenant, NotificationType type,
        @Nullable String recipient, Map<String, @Nullable Object> model) {

    public static final int MAX_DEDUPE_KEY_LENGTH = 200;

    public NotificationRequest {
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(model, "model");
        if (dedupeKey.isBlank() || dedupeKey.length() > MAX_DEDUPE_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "dedupeKey must be 1 to %d characters, got '%s'".formatted(MAX_DEDUPE_KEY_LENGTH, dedupeKey));
        }
        if (tenant == null && recipient == null) {
            throw new IllegalArgumentException(
                    "A notification needs a tenant, a recipient or both; " + type.code() + " has neither");
        }
        if (recipient != null) {
            requireAddress(recipient);
        }
        TreeSet<String> missing = new TreeSet<>();
        for (String key : type.requiredModel()) {
            if (model.get(key) == null) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "%s needs model values for: %s".formatted(type.code(), String.join(", ", missing)));
        }
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
    }

    private static void requireAddress(String recipient) {
        try {
            new InternetAddress(recipient, true).validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException("'%s' is not an email address".formatted(recipient), e);
        }
        if (!recipient.contains("@") || recipient.contains("<")) {
            throw new IllegalArgumentException("'%s' is not a plain email address".formatted(recipient));
        }
    }
}
