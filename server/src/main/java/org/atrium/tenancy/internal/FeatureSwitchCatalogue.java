package org.atrium.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.platform.MergePatch;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.FeatureSwitch;
import org.atrium.tenancy.FeatureSwitches;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue of feature switches in the database. Reads of a tenant's switches use a copy of the catalogue at
 * most five seconds old (a change on another node shows there within that time); validation of a tenant's values
 * always reads the table.
 */
@Service
class FeatureSwitchCatalogue implements FeatureSwitches {

    static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.]{0,63}");

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final LoadingCache<Boolean, List<FeatureSwitch>> cached;

    FeatureSwitchCatalogue(JdbcClient jdbc, ObjectMapper json, Clock clock, AuditLog audit) {
        this.jdbc = jdbc;
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.clock = clock;
        this.audit = audit;
        this.cached = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build(any -> all());
    }

    record Definition(@Nullable String key, @Nullable String name, @Nullable String description,
            @Nullable Boolean defaultValue, @Nullable Boolean tenantEditable) {
    }

    @Override
    public List<FeatureSwitch> all() {
        return jdbc.sql("select * from feature_switches order by key").query(FeatureSwitchCatalogue::row).list();
    }

    @Override
    public Optional<FeatureSwitch> find(String key) {
        return jdbc.sql("select * from feature_switches where key = :key").param("key", key)
                .query(FeatureSwitchCatalogue::row).optional();
    }

    @Override
    public FeatureSwitch require(String key) {
        return find(key).orElseThrow(() -> ProblemException.notFound("feature switch", key));
    }

    @Override
    @Transactional
    public FeatureSwitch create(String body) {
        Definition d = MergePatch.bind(json, MergePatch.parse(json, body), Definition.class);
        Map<String, String> errors = new LinkedHashMap<>();
        if (d.key() == null || !KEY.matcher(d.key()).matches()) {
            errors.put("key", "is required: a letter, then letters, digits, dots and underscores, up to 64");
        }
        validate(d, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The feature switch is not valid: " + sentence(errors),
                    errors);
        }
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                insert into feature_switches (key, name, description, default_value, tenant_editable, created_at,
                    updated_at)
                values (:key, :name, :description, :default, :editable, :now, :now)
                on conflict (key) do nothing
                """).param("key", d.key()).param("name", d.name()).param("description", d.description())
                .param("default", d.defaultValue()).param("editable", Boolean.TRUE.equals(d.tenantEditable()))
                .param("now", Timestamp.from(now)).update();
        if (inserted == 0) {
            throw ProblemException.conflict("duplicate", "The feature switch '%s' exists".formatted(d.key()));
        }
        FeatureSwitch created = require(d.key());
        audit.record(AuditEntry.of("feature_switch.created", null, created.key(), null, created));
        cached.invalidateAll();
        return created;
    }

    @Override
    @Transactional
    public FeatureSwitch update(String key, String patch) {
        FeatureSwitch before = jdbc.sql("select * from feature_switches where key = :key for update")
                .param("key", key).query(FeatureSwitchCatalogue::row).optional()
                .orElseThrow(() -> ProblemException.notFound("feature switch", key));
        JsonNode changes = MergePatch.parse(json, patch);
        if (changes.has("key")) {
            throw ProblemException.invalidField("key", "is immutable: add a new switch and remove this one");
        }
        ObjectNode document = json.createObjectNode();
        document.put("name", before.name());
        if (before.description() != null) {
            document.put("description", before.description());
        }
        document.put("defaultValue", before.defaultValue());
        document.put("tenantEditable", before.tenantEditable());
        MergePatch.apply(document, changes);
        Definition d = MergePatch.bind(json, document, Definition.class);
        Map<String, String> errors = new LinkedHashMap<>();
        validate(d, errors);
        if (d.tenantEditable() == null) {
            errors.put("tenantEditable", "is required: true or false");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The feature switch is not valid: " + sentence(errors),
                    errors);
        }
        jdbc.sql("""
                update feature_switches set name = :name, description = :description, default_value = :default,
                       tenant_editable = :editable, updated_at = :now
                where key = :key
                """).param("key", key).param("name", d.name()).param("description", d.description())
                .param("default", d.defaultValue()).param("editable", d.tenantEditable())
                .param("now", Timestamp.from(clock.instant())).update();
        FeatureSwitch after = require(key);
        audit.record(AuditEntry.of("feature_switch.updated", null, key, before, after));
        cached.invalidateAll();
        return after;
    }

    @Override
    @Transactional
    public void remove(String key) {
        FeatureSwitch before = require(key);
        jdbc.sql("delete from feature_switches where key = :key").param("key", key).update();
        audit.record(AuditEntry.of("feature_switch.removed", null, key, before, null));
        cached.invalidateAll();
    }

    @Override
    public Map<String, Boolean> defaults() {
        Map<String, Boolean> defaults = new TreeMap<>();
        all().forEach(s -> defaults.put(s.key(), s.defaultValue()));
        return defaults;
    }

    @Override
    public Map<String, Boolean> effective(Map<String, Boolean> stored) {
        Map<String, Boolean> effective = new TreeMap<>();
        for (FeatureSwitch s : cached.get(Boolean.TRUE)) {
            Boolean value = stored.get(s.key());
            effective.put(s.key(), value != null ? value : s.defaultValue());
        }
        return effective;
    }

    /**
     * Checks a tenant's switches against the catalogue as it is now: every key must be in it (an unknown key is an
     * error naming it) and every value true or false.
     */
    void validateTenantValues(Map<String, Boolean> features, Map<String, String> errors) {
        if (features.isEmpty()) {
            return;
        }
        List<String> known = jdbc.sql("select key from feature_switches").query(String.class).list();
        for (Map.Entry<String, Boolean> e : features.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (!known.contains(e.getKey())) {
                errors.put("features." + e.getKey(), "is not a feature switch of the catalogue "
                        + "(/api/v1/feature-switches)");
            }
        }
    }

    private static void validate(Definition d, Map<String, String> errors) {
        if (d.name() == null || d.name().isBlank() || d.name().length() > 200) {
            errors.put("name", "is required, at most 200 characters");
        }
        if (d.description() != null && d.description().length() > 2000) {
            errors.put("description", "at most 2000 characters");
        }
        if (d.defaultValue() == null) {
            errors.put("defaultValue", "is required: true or false");
        }
    }

    private static String sentence(Map<String, String> errors) {
        StringBuilder s = new StringBuilder();
        errors.forEach((field, message) -> s.append(s.isEmpty() ? "" : "; ").append(field).append(' ').append(message));
        return s.append('.').toString();
    }

    private static FeatureSwitch row(ResultSet rs, int n) throws SQLException {
        return new FeatureSwitch(rs.getString("key"), rs.getString("name"), rs.getString("description"),
                rs.getBoolean("default_value"), rs.getBoolean("tenant_editable"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
