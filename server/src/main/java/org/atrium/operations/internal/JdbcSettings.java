package org.atrium.operations.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashSet;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.operations.SettingsUpdated;
import org.atrium.operations.TaxRate;
import org.atrium.platform.ProblemException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings kept as one JSON row. Reads come from a cache that is refreshed on every change on this node and at
 * least every two seconds, so that another node's change (maintenance mode above all) is seen promptly. One caller
 * does each periodic reload; the others keep the previous settings for the few milliseconds it takes.
 */
@Service
class JdbcSettings implements Settings {

    private static final long REFRESH_NANOS = Duration.ofSeconds(2).toNanos();

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private volatile Cached cached;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    JdbcSettings(JdbcClient jdbc, ObjectMapper json, Clock clock, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        this.clock = clock;
        this.audit = audit;
        this.events = events;
    }

    @Override
    public PlatformSettings current() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c == null) {
            c = new Cached(load(false), now);
            cached = c;
        } else if (now - c.loadedAtNanos > REFRESH_NANOS && refreshing.compareAndSet(false, true)) {
            // One caller reloads; callers meanwhile go on with the settings it replaces, rather than every request
            // in flight running the same query at once.
            try {
                c = new Cached(load(false), now);
                cached = c;
            } finally {
                refreshing.set(false);
            }
        }
        return c.settings;
    }

    @Override
    @Transactional
    public PlatformSettings update(String mergePatchJson, Integer expectedVersion) {
        PlatformSettings before = load(true);
        if (expectedVersion != null && expectedVersion != before.version()) {
            throw new ProblemException(HttpStatus.PRECONDITION_FAILED, "stale-version",
                    "The settings were changed since version %d; they are now at version %d".formatted(expectedVersion,
                            before.version()),
                    Map.of("currentVersion", before.version()));
        }
        JsonNode patch;
        try {
            patch = json.readTree(mergePatchJson);
        } catch (JacksonException e) {
            throw ProblemException.badRequest("malformed-json", "The request body is not valid JSON");
        }
        if (patch == null || !patch.isObject()) {
            throw ProblemException.badRequest("validation", "The settings patch must be a JSON object");
        }
        for (String field : java.util.List.of("version", "updatedAt")) {
            if (patch.has(field)) {
                ((ObjectNode) patch).remove(field);
            }
        }
        ObjectNode document = (ObjectNode) json.valueToTree(stripMeta(before));
        org.atrium.platform.MergePatch.apply(document, patch);
        document.put("version", before.version());
        PlatformSettings candidate;
        try {
            candidate = json.treeToValue(document, PlatformSettings.class);
        } catch (JacksonException e) {
            String path = e.getPath().stream().map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]"
                    : r.getPropertyName()).reduce((a, b) -> a + "." + b).orElse("body");
            throw ProblemException.badRequest("validation", "Invalid settings at '%s'".formatted(path),
                    Map.of(path, "invalid or unknown field"));
        }
        validate(candidate);
        Instant now = clock.instant();
        int version = before.version() + 1;
        PlatformSettings after = withMeta(candidate, version, now);
        jdbc.sql("update platform_settings set data = cast(:data as jsonb), version = :version, updated_at = :now where id = 1")
                .param("data", json.writeValueAsString(stripMeta(after))).param("version", version)
                .param("now", Timestamp.from(now)).update();
        audit.record(AuditEntry.of(after.maintenance().enabled() != before.maintenance().enabled()
                ? (after.maintenance().enabled() ? "settings.maintenance_enabled" : "settings.maintenance_disabled")
                : "settings.updated", null, "settings", before, after));
        events.publishEvent(new SettingsUpdated(version));
        cached = null;
        return after;
    }

    private PlatformSettings load(boolean forUpdate) {
        return jdbc.sql("select data::text as data, version, updated_at from platform_settings where id = 1"
                + (forUpdate ? " for update" : "")).query((rs, n) -> {
                    ObjectNode stored = (ObjectNode) json.readTree(rs.getString("data"));
                    stored.put("version", rs.getInt("version"));
                    Timestamp updated = rs.getTimestamp("updated_at");
                    if (updated != null) {
                        stored.put("updatedAt", updated.toInstant().toString());
                    }
                    return json.treeToValue(stored, PlatformSettings.class);
                }).single();
    }

    private Map<String, Object> stripMeta(PlatformSettings settings) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new LinkedHashMap<>(json.convertValue(settings, Map.class));
        map.remove("version");
        map.remove("updatedAt");
        return map;
    }

    private static PlatformSettings withMeta(PlatformSettings s, int version, Instant updatedAt) {
        return new PlatformSettings(s.defaultCurrency(), s.defaultTimezone(), s.defaultLocale(), s.trialDays(),
                s.graceDays(), s.invoiceDueDays(), s.overdueSuspendDays(), s.invoicePrefix(), s.taxRates(),
                s.seller(), s.maintenance(), s.security(), version, updatedAt);
    }

    private static void validate(PlatformSettings s) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            Currency.getInstance(s.defaultCurrency());
        } catch (RuntimeException e) {
            errors.put("defaultCurrency", "not an ISO 4217 currency code");
        }
        try {
            ZoneId.of(s.defaultTimezone());
        } catch (RuntimeException e) {
            errors.put("defaultTimezone", "not a known time zone id");
        }
        try {
            new Locale.Builder().setLanguageTag(s.defaultLocale());
        } catch (IllformedLocaleException | NullPointerException e) {
            errors.put("defaultLocale", "not a BCP 47 language tag");
        }
        range(errors, "trialDays", s.trialDays(), 0, 365);
        range(errors, "graceDays", s.graceDays(), 0, 90);
        range(errors, "invoiceDueDays", s.invoiceDueDays(), 0, 365);
        range(errors, "overdueSuspendDays", s.overdueSuspendDays(), 1, 365);
        if (s.invoicePrefix() == null || !s.invoicePrefix().matches("[A-Z0-9][A-Z0-9-]{0,9}")) {
            errors.put("invoicePrefix", "1 to 10 characters: capital letters, digits, hyphens");
        }
        if (s.seller() == null || s.seller().name() == null || s.seller().name().isBlank()) {
            errors.put("seller.name", "is required");
        }
        if (s.maintenance() == null) {
            errors.put("maintenance", "is required");
        } else {
            range(errors, "maintenance.retryAfterSeconds", s.maintenance().retryAfterSeconds(), 1, 86_400);
        }
        Set<String> codes = new HashSet<>();
        if (s.taxRates() == null) {
            errors.put("taxRates", "must be a list");
        } else {
            for (int i = 0; i < s.taxRates().size(); i++) {
                TaxRate t = s.taxRates().get(i);
                String at = "taxRates[" + i + "]";
                if (t.code() == null || !t.code().matches("[a-z0-9][a-z0-9-]{0,31}")) {
                    errors.put(at + ".code", "1 to 32 lowercase letters, digits, hyphens");
                } else if (!codes.add(t.code())) {
                    errors.put(at + ".code", "duplicate code " + t.code());
                }
                if (t.name() == null || t.name().isBlank()) {
                    errors.put(at + ".name", "is required");
                }
                if (t.rate() == null || t.rate().signum() < 0 || t.rate().compareTo(BigDecimal.valueOf(100)) > 0
                        || t.rate().stripTrailingZeros().scale() > 4) {
                    errors.put(at + ".rate", "a percentage from 0 to 100 with at most 4 decimals");
                }
                if (t.country() != null && !t.country().matches("[A-Z]{2}")) {
                    errors.put(at + ".country", "an ISO 3166-1 alpha-2 code such as DE, or null for the default");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The settings are not valid: " + errors, errors);
        }
    }

    private static void range(Map<String, String> errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.put(field, "must be between %d and %d".formatted(min, max));
        }
    }

    private record Cached(PlatformSettings settings, long loadedAtNanos) {
    }
}
