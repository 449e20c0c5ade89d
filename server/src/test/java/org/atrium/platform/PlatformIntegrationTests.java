package org.atrium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The bad-request battery of issue item 11: every write endpoint gets malformed JSON, wrong types, unknown and
 * missing fields, an oversized body, no credentials, bad credentials and too few permissions. Each answer must be
 * the right status with a typed problem (naming the field for validation), never a 500, and the database must be
 * exactly as it was.
 */
@AtriumIntegrationTest
class PlatformIntegrationTests {

    /** Tables a write endpoint may change, and how to fingerprint each (bookkeeping columns left out). */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        for (String table : List.of("tenants", "plans", "plan_prices", "metrics", "platform_settings", "staff_users",
                "event_publication")) {
            TABLES.put(table, "t::text");
        }
        // Authenticating a key touches last_used_at at most once a minute; that is not a change a request made.
        TABLES.put("platform_api_keys", "(to_jsonb(t) - 'last_used_at')::text");
        TABLES.put("audit_events", "t::text");
    }

    private static final int OVER_ONE_MEGABYTE = 1024 * 1024 + 1024;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api root;
    Api anonymous;
    Api underPrivileged;
    Api badKey;

    @TestFactory
    Stream<DynamicTest> everyWriteEndpointRefusesBadRequestsAndChangesNothing() {
        root = Api.asRoot(port);
        anonymous = Api.anonymous(port);
        underPrivileged = Api.anonymous(port).withBearer(Fixtures.apiKey(root, "analytics.read"));
        badKey = Api.anonymous(port).withBearer("atr_sk_" + "0".repeat(43));
        String tenant = Fixtures.tenantOn(root, "starter").get("slug").asString();
        String plan = Fixtures.plan(root).get("slug").asString();
        String staffId = UUID.randomUUID().toString();
        String keyId = UUID.randomUUID().toString();
        String missing = Fixtures.slug("missing");

        List<Endpoint> endpoints = new ArrayList<>();

        endpoints.add(new Endpoint("POST", "/api/v1/tenants", Fixtures.tenantRequest(Fixtures.slug("battery"),
                "Battery", "free"))
                .wrongType(with(Fixtures.tenantRequest(Fixtures.slug("battery"), "Battery", "free"), "features", "on"),
                        "features")
                .wrongType(with(Fixtures.tenantRequest(Fixtures.slug("battery"), "Battery", "free"), "name", 42),
                        "name")
                .wrongType(with(Fixtures.tenantRequest(Fixtures.slug("battery"), "Battery", "free"), "slug",
                        List.of("a")), "slug")
                .unknownField(with(Fixtures.tenantRequest(Fixtures.slug("battery"), "Battery", "free"), "colour",
                        "red"), "colour")
                .missingField(without(Fixtures.tenantRequest(Fixtures.slug("battery"), "Battery", "free"), "name"),
                        "name")
                .missingField(without(Fixtures.tenantRequest(Fixtures.slug("battery"), "Battery", "free"), "slug"),
                        "slug")
                .invalid(Fixtures.tenantRequest(Fixtures.slug("battery"), "Battery", "gold-" + Fixtures.token()),
                        "plan")
                .conflict(Fixtures.tenantRequest(tenant, "Battery", "free"), "duplicate"));

        endpoints.add(new Endpoint("PATCH", "/api/v1/tenants/" + tenant, Map.of("name", "Renamed"))
                .wrongType(Map.of("name", List.of("a")), "name")
                .wrongType(Map.of("name", 42), "name")
                .wrongType(Map.of("features", Map.of("goldLoans", "yes")), "features.goldLoans")
                .unknownField(Map.of("colour", "red"), "colour")
                .missingField(mapWithNull("name"), "name")
                .invalid(Map.of("slug", "other-slug"), "slug")
                .stale()
                .notFound("/api/v1/tenants/" + missing));

        endpoints.add(new Endpoint("DELETE", "/api/v1/tenants/" + tenant, null).notFound("/api/v1/tenants/" + missing));

        endpoints.add(new Endpoint("POST", "/api/v1/tenants/" + tenant + "/suspend", Map.of("reason", "Battery"))
                .wrongType(Map.of("reason", 5), "reason")
                .wrongType(Map.of("reason", Map.of("text", "x")), "reason")
                .unknownField(Map.of("reason", "Battery", "until", "tomorrow"), "until")
                .missingField(Map.of(), "reason")
                .notFound("/api/v1/tenants/" + missing + "/suspend"));

        endpoints.add(new Endpoint("POST", "/api/v1/tenants/" + tenant + "/activate", Map.of("reason", "Battery"))
                .wrongType(Map.of("reason", true), "reason")
                .unknownField(Map.of("reason", "Battery", "by", "me"), "by")
                .missingField(Map.of(), "reason")
                .conflict(Map.of("reason", "Not suspended"), "illegal-transition")
                .notFound("/api/v1/tenants/" + missing + "/activate"));

        endpoints.add(new Endpoint("POST", "/api/v1/tenants/" + tenant + "/restore", null)
                .conflict(null, "illegal-transition")
                .notFound("/api/v1/tenants/" + missing + "/restore"));

        endpoints.add(new Endpoint("POST", "/api/v1/plans", Fixtures.planRequest(Fixtures.slug("battery"), "5.00"))
                .wrongType(with(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "prices",
                        Map.of("monthly", "ten")), "prices.monthly")
                .wrongType(with(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "trialDays", "5"), "trialDays")
                .wrongType(with(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "limits",
                        Map.of("max_users", "many")), "limits.max_users")
                .wrongType(with(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "active", "yes"), "active")
                .unknownField(with(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "colour", "red"), "colour")
                .missingField(without(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "currency"), "currency")
                .missingField(without(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "prices"), "prices")
                .invalid(with(Fixtures.planRequest(Fixtures.slug("battery"), "5.00"), "prices",
                        Map.of("monthly", "5.001")), "prices.monthly")
                .conflict(Fixtures.planRequest(plan, "5.00"), "duplicate"));

        endpoints.add(new Endpoint("PATCH", "/api/v1/plans/" + plan, Map.of("name", "Renamed"))
                .wrongType(Map.of("trialDays", "five"), "trialDays")
                .wrongType(Map.of("prices", Map.of("monthly", true)), "prices.monthly")
                .wrongType(Map.of("name", 7), "name")
                .unknownField(Map.of("colour", "red"), "colour")
                .missingField(mapWithNull("name"), "name")
                .invalid(Map.of("currency", "EUR"), "currency")
                .stale()
                .notFound("/api/v1/plans/" + missing));

        endpoints.add(new Endpoint("POST", "/api/v1/plans/" + plan + "/deactivate", null)
                .notFound("/api/v1/plans/" + missing + "/deactivate"));
        endpoints.add(new Endpoint("POST", "/api/v1/plans/" + plan + "/activate", null)
                .notFound("/api/v1/plans/" + missing + "/activate"));

        String metric = "max_battery_" + Fixtures.token();
        endpoints.add(new Endpoint("POST", "/api/v1/metrics",
                Map.of("key", metric, "kind", "level", "description", "Battery"))
                .wrongType(Map.of("key", metric, "kind", 3, "description", "Battery"), "kind")
                .wrongType(Map.of("key", List.of(metric), "kind", "level", "description", "Battery"), "key")
                .unknownField(Map.of("key", metric, "kind", "level", "description", "Battery", "max", 3), "max")
                .missingField(Map.of("key", metric, "description", "Battery"), "kind")
                .missingField(Map.of("kind", "level", "description", "Battery"), "key")
                .invalid(Map.of("key", metric, "kind", "hourly", "description", "Battery"), "kind")
                .conflict(Map.of("key", "max_users", "kind", "level", "description", "Again"), "duplicate"));

        endpoints.add(new Endpoint("PATCH", "/api/v1/settings", Map.of("trialDays", 21))
                .wrongType(Map.of("trialDays", "21"), "trialDays")
                .wrongType(Map.of("taxRates", Map.of("code", "vat")), "taxRates")
                .wrongType(Map.of("maintenance", Map.of("enabled", "yes")), "maintenance.enabled")
                .unknownField(Map.of("trialDayz", 21), "trialDayz")
                .missingField(mapWithNull("invoicePrefix"), "invoicePrefix")
                .invalid(Map.of("defaultCurrency", "EURO"), "defaultCurrency")
                .stale());

        endpoints.add(new Endpoint("POST", "/api/v1/api-keys",
                Map.of("name", "battery", "permissions", List.of("tenants.read")))
                .wrongType(Map.of("name", "battery", "permissions", "tenants.read"), "permissions")
                .wrongType(Map.of("name", 5, "permissions", List.of("tenants.read")), "name")
                .wrongType(Map.of("name", "battery", "permissions", List.of("tenants.read"), "expiresAt", "soon"),
                        "expiresAt")
                .unknownField(Map.of("name", "battery", "permissions", List.of("tenants.read"), "scope", "all"),
                        "scope")
                .missingField(Map.of("name", "battery"), "permissions")
                .missingField(Map.of("permissions", List.of("tenants.read")), "name")
                .invalid(Map.of("name", "battery", "permissions", List.of("everything")), "permissions"));

        endpoints.add(new Endpoint("POST", "/api/v1/api-keys/" + keyId + "/revoke", null)
                .notFound("/api/v1/api-keys/" + keyId + "/revoke")
                .invalidPath("/api/v1/api-keys/not-a-uuid/revoke", "id"));

        Map<String, Object> staff = Map.of("email", Fixtures.email("battery"), "name", "Battery", "password",
                "a-long-enough-password", "role", "support");
        endpoints.add(new Endpoint("POST", "/api/v1/staff", staff)
                .wrongType(with(staff, "role", 1), "role")
                .wrongType(with(staff, "email", List.of("a@b.test")), "email")
                .unknownField(with(staff, "admin", true), "admin")
                .missingField(without(staff, "password"), "password")
                .missingField(without(staff, "email"), "email")
                .invalid(with(staff, "password", "short"), "password")
                .invalid(with(staff, "role", "emperor"), "role")
                .invalid(with(staff, "email", "not-an-email"), "email")
                .conflict(with(staff, "email", Api.OWNER_EMAIL), "duplicate"));

        endpoints.add(new Endpoint("POST", "/api/v1/staff/" + staffId + "/reset-password",
                Map.of("password", "another-long-password"))
                .wrongType(Map.of("password", 123456789012L), "password")
                .unknownField(Map.of("password", "another-long-password", "old", "x"), "old")
                .missingField(Map.of(), "password")
                .invalid(Map.of("password", "short"), "password")
                .notFound("/api/v1/staff/" + staffId + "/reset-password"));

        Map<String, Object> signup = Map.of("slug", Fixtures.slug("battery"), "name", "Battery", "plan", "free",
                "email", "b@example.test");
        endpoints.add(new Endpoint("POST", "/api/v1/public/signup", signup).open()
                .wrongType(with(signup, "slug", 42), "slug")
                .wrongType(with(signup, "email", List.of("b@example.test")), "email")
                .unknownField(with(signup, "status", "active"), "status")
                .missingField(without(signup, "email"), "email")
                .missingField(without(signup, "name"), "name")
                .invalid(with(signup, "slug", "admin"), "slug")
                .conflict(with(signup, "slug", tenant), "duplicate"));

        return endpoints.stream().map(e -> DynamicTest.dynamicTest(e.method + " " + e.path, () -> check(e)));
    }

    @Test
    void takesAStreamedBodyUnderTheLimit() {
        String slug = Fixtures.slug("streamed");
        byte[] body = json(Fixtures.tenantRequest(slug, "Streamed " + "x".repeat(150), "free"));

        Api.Response created = Api.asRoot(port).sendRaw("POST", "/api/v1/tenants", "application/json", body, true);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("slug").asString()).isEqualTo(slug);
    }

    @Test
    void answersUnknownRoutesAndMethodsWithProblems() {
        Api root = Api.asRoot(port);
        JsonNode notFound = Fixtures.problem(root.get("/api/v1/nothing-here"), 404, "not-found");
        assertThat(notFound.get("instance").asString()).isEqualTo("/api/v1/nothing-here");
        Fixtures.problem(root.put("/api/v1/tenants", Map.of()), 405, "method-not-allowed");
        Fixtures.problem(root.with("Accept", "application/xml").get("/api/v1/tenants"), 406, "not-acceptable");
        Fixtures.invalid(root.get("/api/v1/tenants?page=first"), "page");
    }

    private void check(Endpoint endpoint) throws InterruptedException {
        awaitDeliveredEvents();
        Map<String, String> before = snapshot();
        SoftAssertions softly = new SoftAssertions();
        for (Probe probe : endpoint.probes()) {
            Api.Response response = probe.send();
            String what = endpoint.method + " " + probe.path + " with " + probe.name + " -> " + response;
            softly.assertThat(response.status()).as(what).isEqualTo(probe.status);
            softly.assertThat(response.contentType()).as(what).startsWith("application/problem+json");
            if (response.contentType() != null && response.contentType().startsWith("application/problem+json")) {
                JsonNode body = response.json();
                softly.assertThat(body.path("type").asString()).as(what).isEqualTo("/problems/" + probe.kind);
                softly.assertThat(body.path("status").asInt()).as(what).isEqualTo(probe.status);
                softly.assertThat(body.path("detail").asString()).as(what).isNotBlank();
                if (probe.field != null) {
                    softly.assertThat(body.path("errors").has(probe.field)).as(what + " names " + probe.field)
                            .isTrue();
                }
            }
        }
        softly.assertThat(snapshot()).as("database after the battery against " + endpoint.path).isEqualTo(before);
        softly.assertAll();
    }

    /**
     * Lets listeners of events that earlier tests published finish first (they run after commit, on other threads),
     * so that only the battery can change what the snapshot sees.
     */
    private void awaitDeliveredEvents() {
        try {
            await("events of earlier tests delivered").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).until(() -> jdbc.sql(
                            "select count(*) from event_publication where completion_date is null").query(Long.class)
                            .single() == 0);
        } catch (ConditionTimeoutException e) {
            // A publication whose listener failed for good stays incomplete; it cannot change what the battery
            // sees, so waiting longer for it is pointless and it must not fail the battery.
        }
    }

    private Map<String, String> snapshot() {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        TABLES.forEach((table, row) -> fingerprints.put(table,
                jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(" + row + ", ',' order by " + row
                        + ")), '-') from " + table + " t").query(String.class).single()));
        return fingerprints;
    }

    /** For each string in the body (at any depth): its field path, and the body with a NUL inside that string. */
    static Map<String, Object> withNulInEachString(Object body, String at) {
        Map<String, Object> variants = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String field = at.isEmpty() ? String.valueOf(e.getKey()) : at + "." + e.getKey();
                withNulInEachString(e.getValue(), field).forEach((path, value) -> {
                    Map<Object, Object> copy = new LinkedHashMap<>(map);
                    copy.put(e.getKey(), value);
                    variants.put(path, copy);
                });
            }
        } else if (body instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                int index = i;
                withNulInEachString(list.get(i), at + "[" + i + "]").forEach((path, value) -> {
                    List<Object> copy = new ArrayList<>(list);
                    copy.set(index, value);
                    variants.put(path, copy);
                });
            }
        } else if (body instanceof String s) {
            variants.put(at.isEmpty() ? "body" : at,
                    s.substring(0, s.length() / 2) + '\0' + s.substring(s.length() / 2));
        }
        return variants;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, @Nullable Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }

    private static Map<String, Object> mapWithNull(String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, null);
        return body;
    }

    private static byte[] json(@Nullable Object body) {
        return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Api.JSON.writeValueAsBytes(body);
    }

    private static byte[] oversized() {
        String filler = "a".repeat(OVER_ONE_MEGABYTE);
        return ("{\"name\": \"" + filler + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** One request of the battery and what it must get. */
    private record Probe(String name, Api client, String method, String path, @Nullable String contentType,
            byte @Nullable [] body, boolean chunked, int status, String kind, @Nullable String field) {

        Api.Response send() {
            return client.sendRaw(method, path, contentType, body == null ? new byte[0] : body, chunked);
        }
    }

    /** A write endpoint and the bad requests to send it. */
    private final class Endpoint {

        final String method;
        final String path;
        final @Nullable Object validBody;
        boolean open;
        final List<Probe> extra = new ArrayList<>();

        Endpoint(String method, String path, @Nullable Object validBody) {
            this.method = method;
            this.path = path;
            this.validBody = validBody;
        }

        Endpoint open() {
            this.open = true;
            return this;
        }

        Endpoint wrongType(Object body, String field) {
            return add("wrong type of " + field, root, path, body, 400, "validation", field);
        }

        Endpoint unknownField(Object body, String field) {
            return add("unknown field " + field, root, path, body, 400, "validation", field);
        }

        Endpoint missingField(Object body, String field) {
            return add("missing " + field, root, path, body, 400, "validation", field);
        }

        Endpoint invalid(Object body, String field) {
            return add("invalid " + field, root, path, body, 400, "validation", field);
        }

        Endpoint conflict(@Nullable Object body, String kind) {
            return add("a conflicting state", root, path, body, 409, kind, null);
        }

        Endpoint stale() {
            return add("a stale If-Match", root.with("If-Match", "\"0\""), path, validBody, 412, "stale-version",
                    null);
        }

        Endpoint notFound(String otherPath) {
            return add("an unknown resource", root, otherPath, validBody, 404, "not-found", null);
        }

        Endpoint invalidPath(String otherPath, String field) {
            return add("a malformed path", root, otherPath, validBody, 400, "validation", field);
        }

        private Endpoint add(String name, Api client, String target, @Nullable Object body, int status, String kind,
                @Nullable String field) {
            extra.add(new Probe(name, client, method, target, body == null ? null : "application/json",
                    body == null ? null : json(body), false, status, kind, field));
            return this;
        }

        List<Probe> probes() {
            List<Probe> probes = new ArrayList<>();
            byte[] valid = validBody == null ? null : json(validBody);
            String type = validBody == null ? null : "application/json";
            if (validBody != null) {
                probes.add(new Probe("malformed JSON", root, method, path, type, json("{\"name\": "), false, 400,
                        "malformed-json", null));
                probes.add(new Probe("a JSON string instead of an object", root, method, path, type, json("\"x\""),
                        false, 400, "validation", null));
                probes.add(new Probe("no body", root, method, path, type, null, false, 400, "malformed-json", null));
                probes.add(new Probe("text/plain", root, method, path, "text/plain", valid, false, 415,
                        "unsupported-media-type", null));
            }
            probes.addAll(extra);
            if (validBody != null) {
                // A NUL character in each string of the valid body, one at a time: a 400 naming that field.
                withNulInEachString(validBody, "").forEach((field, body) -> probes.add(new Probe("NUL in " + field,
                        root, method, path, "application/json", json(body), false, 400, "validation", field)));
            }
            probes.add(new Probe("an oversized body", root, method, path, "application/json", oversized(), false, 413,
                    "payload-too-large", null));
            probes.add(new Probe("an oversized streamed body", root, method, path, "application/json", oversized(),
                    true, 413, "payload-too-large", null));
            probes.add(new Probe("an unknown key", badKey, method, path, type, valid, false, 401, "unauthorized",
                    null));
            if (!open) {
                probes.add(new Probe("no credentials", anonymous, method, path, type, valid, false, 401,
                        "unauthorized", null));
                probes.add(new Probe("a key without the permission", underPrivileged, method, path, type, valid,
                        false, 403, "forbidden", null));
            }
            return probes;
        }
    }
}
