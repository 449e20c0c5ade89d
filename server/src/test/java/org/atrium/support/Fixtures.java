package org.atrium.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Fresh names and ready-made resources for tests that share one application and database: every call gives names
 * no other test uses.
 */
public final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private Fixtures() {
    }

    /** Lowercase letters only, so that it is a valid slug part and a search term. */
    public static String token() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }

    public static String slug(String prefix) {
        return prefix + "-" + token();
    }

    public static String email(String prefix) {
        return prefix + "." + token() + "@example.test";
    }

    /** The body of a tenant creation request. */
    public static Map<String, Object> tenantRequest(String slug, String name, String plan) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", slug);
        body.put("name", name);
        body.put("plan", plan);
        body.put("adminEmail", "admin@" + slug + ".example.test");
        return body;
    }

    /** Creates a tenant on the given plan and returns it as the API shows it. */
    public static JsonNode tenantOn(Api api, String plan) {
        String slug = slug("tenant");
        Api.Response created = api.post("/api/v1/tenants", tenantRequest(slug, "Tenant " + slug, plan));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** The body of a plan creation request in USD with a monthly price. */
    public static Map<String, Object> planRequest(String slug, String monthly) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", slug);
        body.put("name", "Plan " + slug);
        body.put("currency", "USD");
        body.put("prices", Map.of("monthly", monthly));
        body.put("limits", Map.of("max_users", 3));
        body.put("features", Map.of("api_access", false));
        return body;
    }

    /** Creates an active plan and returns it as the API shows it. */
    public static JsonNode plan(Api api) {
        Api.Response created = api.post("/api/v1/plans", planRequest(slug("plan"), "10.00"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** Issues a platform API key with exactly these permissions and returns its secret. */
    public static String apiKey(Api issuer, String... permissions) {
        Api.Response issued = issuer.post("/api/v1/api-keys",
                Map.of("name", "test key " + token(), "permissions", java.util.List.of(permissions)));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        return issued.json().get("secret").asString();
    }

    /** Asserts an RFC 9457 problem of the given status and kind, and returns its body. */
    public static JsonNode problem(Api.Response response, int status, String kind) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("type").asString()).as(response.toString()).isEqualTo("/problems/" + kind);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asString()).isNotBlank();
        return body;
    }

    /** Asserts a 400 validation problem that names the field in {@code errors}. */
    public static JsonNode invalid(Api.Response response, String field) {
        JsonNode body = problem(response, 400, "validation");
        assertThat(body.get("errors")).as(response.toString()).isNotNull();
        assertThat(body.get("errors").has(field)).as("errors name '%s': %s", field, response).isTrue();
        return body;
    }
}
