package org.atrium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class IdentityIntegrationTests {

    private static final String PUBLIC = "/api/v1/public/";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformApiKeys keys;

    @Test
    void everyApiHandlerOutsideThePublicPathsAsksForAPermission() {
        List<String> unguarded = new ArrayList<>();
        List<String> guarded = new ArrayList<>();
        List<String> publicRoutes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                String route = entry.getKey().getMethodsCondition().getMethods() + " " + pattern;
                if (pattern.startsWith(PUBLIC)) {
                    publicRoutes.add(route);
                } else if (AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PreAuthorize.class)
                        || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PreAuthorize.class)) {
                    guarded.add(route);
                } else {
                    unguarded.add(route + " -> " + handler.getShortLogMessage());
                }
            }
        }
        assertThat(unguarded).as("API handlers without @PreAuthorize").isEmpty();
        assertThat(guarded).as("the check saw the API").hasSizeGreaterThan(20)
                .contains("[POST] /api/v1/tenants", "[PATCH] /api/v1/settings", "[POST] /api/v1/api-keys");
        assertThat(publicRoutes).contains("[POST] /api/v1/public/signup", "[GET] /api/v1/public/plans");
    }

    @Test
    void refusesARequestWithoutCredentials() {
        Api.Response response = Api.anonymous(port).get("/api/v1/tenants");

        problem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        problem(Api.anonymous(port).post("/api/v1/tenants", Fixtures.tenantRequest(Fixtures.slug("anon"), "Anon",
                "free")), 401, "unauthorized");
    }

    @Test
    void refusesUnknownOrMalformedCredentials() {
        Api anonymous = Api.anonymous(port);
        for (String header : List.of("Bearer atr_sk_" + "x".repeat(43), "Bearer " + Api.ROOT_KEY + "x",
                "Bearer not-a-key", "Bearer ", "Basic !!!notbase64", "Basic " + base64("no-colon"),
                "Token " + Api.ROOT_KEY)) {
            problem(anonymous.with("Authorization", header).get("/api/v1/tenants"), 401, "unauthorized");
        }
    }

    @Test
    void forgetsUnknownKeysSoThatGuessingCannotFillMemory() {
        Object target = AopTestUtils.getUltimateTargetObject(keys);
        Map<?, ?> cache = (Map<?, ?>) ReflectionTestUtils.getField(target, "cache");
        int before = cache.size();

        for (int i = 0; i < 25; i++) {
            problem(Api.anonymous(port).withBearer("atr_sk_" + Fixtures.token().repeat(5)).get("/api/v1/tenants"), 401,
                    "unauthorized");
        }

        assertThat(cache.size()).isLessThanOrEqualTo(before);
    }

    @Test
    void refusesARevokedKey() {
        Api root = Api.asRoot(port);
        Api.Response issued = root.post("/api/v1/api-keys",
                Map.of("name", "CRM sync", "permissions", List.of("tenants.read")));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String secret = issued.json().get("secret").asString();
        String id = issued.json().get("id").asString();
        Api key = Api.anonymous(port).withBearer(secret);
        assertThat(key.get("/api/v1/tenants").status()).isEqualTo(200);

        Api.Response revoked = root.post("/api/v1/api-keys/" + id + "/revoke");

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        assertThat(revoked.json().has("secret")).isFalse();
        problem(key.get("/api/v1/tenants"), 401, "unauthorized");
        problem(root.post("/api/v1/api-keys/" + java.util.UUID.randomUUID() + "/revoke"), 404, "not-found");
    }

    @Test
    void aKeyDoesOnlyWhatItsPermissionsAllow() {
        Api readOnly = Api.anonymous(port).withBearer(Fixtures.apiKey(Api.asRoot(port), "tenants.read"));
        String slug = Fixtures.slug("forbidden");

        Api.Response create = readOnly.post("/api/v1/tenants", Fixtures.tenantRequest(slug, "Forbidden", "free"));

        problem(create, 403, "forbidden");
        assertThat(readOnly.get("/api/v1/tenants").status()).isEqualTo(200);
        assertThat(Api.asRoot(port).get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
        problem(readOnly.patch("/api/v1/settings", Map.of("trialDays", 30)), 403, "forbidden");
        problem(readOnly.get("/api/v1/audit-events"), 403, "forbidden");
        problem(readOnly.post("/api/v1/api-keys", Map.of("name", "escalate", "permissions", List.of("tenants.read"))),
                403, "forbidden");
    }

    @Test
    void aKeyCannotGrantAPermissionItsIssuerLacks() {
        Api issuer = Api.anonymous(port)
                .withBearer(Fixtures.apiKey(Api.asRoot(port), "staff.manage", "tenants.read"));

        JsonNode refused = problem(issuer.post("/api/v1/api-keys",
                Map.of("name", "escalation", "permissions", List.of("tenants.read", "tenants.manage"))), 403,
                "forbidden");
        assertThat(refused.get("detail").asString()).contains("tenants.manage");
        assertThat(jdbc.sql("select count(*) from platform_api_keys where name = 'escalation'").query(Long.class)
                .single()).isZero();

        Api.Response subset = issuer.post("/api/v1/api-keys",
                Map.of("name", "read only", "permissions", List.of("tenants.read")));
        assertThat(subset.status()).as(subset.toString()).isEqualTo(201);
        assertThat(subset.json().get("permissions")).hasSize(1);
        Fixtures.invalid(issuer.post("/api/v1/api-keys", Map.of("name", "typo", "permissions", List.of("tenant.read"))),
                "permissions");
    }

    @Test
    void aKeyCannotRevokeAKeyWithPermissionsItLacks() {
        Api root = Api.asRoot(port);
        Api manager = Api.anonymous(port).withBearer(Fixtures.apiKey(root, "staff.manage", "tenants.read"));
        String stronger = root.post("/api/v1/api-keys", Map.of("name", "stronger",
                "permissions", List.of("tenants.read", "tenants.manage"))).json().get("id").asString();
        String weaker = manager.post("/api/v1/api-keys", Map.of("name", "weaker",
                "permissions", List.of("tenants.read"))).json().get("id").asString();

        JsonNode refused = problem(manager.post("/api/v1/api-keys/" + stronger + "/revoke"), 403, "forbidden");
        assertThat(refused.get("detail").asString()).contains("tenants.manage");
        assertThat(jdbc.sql("select revoked_at is null from platform_api_keys where id = cast(:id as uuid)")
                .param("id", stronger).query(Boolean.class).single()).isTrue();

        assertThat(manager.post("/api/v1/api-keys/" + weaker + "/revoke").status()).isEqualTo(200);
        assertThat(root.post("/api/v1/api-keys/" + stronger + "/revoke").status()).isEqualTo(200);
    }

    @Test
    void aKeyCannotCreateOrTakeOverStaffWithPermissionsItLacks() {
        Api root = Api.asRoot(port);
        Api staffManager = Api.anonymous(port).withBearer(Fixtures.apiKey(root, "staff.manage", "tenants.read"));
        String admin = Fixtures.email("usurper");

        JsonNode refused = problem(staffManager.post("/api/v1/staff", Map.of("email", admin, "name", "Usurper",
                "password", "a-long-enough-password", "role", "super_admin")), 403, "forbidden");
        assertThat(refused.get("detail").asString()).contains("settings.manage");
        problem(staffManager.post("/api/v1/staff", Map.of("email", admin, "name", "Usurper", "password",
                "a-long-enough-password", "role", "analyst")), 403, "forbidden");
        assertThat(jdbc.sql("select count(*) from staff_users where email = :email").param("email", admin)
                .query(Long.class).single()).isZero();

        String ownerId = null;
        for (JsonNode user : root.get("/api/v1/staff?size=500").json().get("items")) {
            if (Api.OWNER_EMAIL.equals(user.get("email").asString())) {
                ownerId = user.get("id").asString();
            }
        }
        problem(staffManager.post("/api/v1/staff/" + ownerId + "/reset-password",
                Map.of("password", "taken-over-password")), 403, "forbidden");
        assertThat(Api.anonymous(port).withBasic(Api.OWNER_EMAIL, Api.OWNER_PASSWORD).get("/api/v1/tenants")
                .status()).isEqualTo(200);

        Api analystManager = Api.anonymous(port)
                .withBearer(Fixtures.apiKey(root, "staff.manage", "tenants.read", "analytics.read", "audit.read"));
        Api.Response analyst = analystManager.post("/api/v1/staff", Map.of("email", admin, "name", "Analyst",
                "password", "a-long-enough-password", "role", "analyst"));
        assertThat(analyst.status()).as(analyst.toString()).isEqualTo(201);
        assertThat(analystManager.post("/api/v1/staff/" + analyst.json().get("id").asString() + "/reset-password",
                Map.of("password", "another-long-password")).status()).isEqualTo(204);
        assertThat(Api.anonymous(port).withBasic(admin, "another-long-password").get("/api/v1/tenants").status())
                .isEqualTo(200);
    }

    @Test
    void storesOnlyHashesOfKeysAndPasswords() throws Exception {
        Api root = Api.asRoot(port);
        Api.Response issued = root.post("/api/v1/api-keys",
                Map.of("name", "hash check", "permissions", List.of("tenants.read")));
        String secret = issued.json().get("secret").asString();
        String id = issued.json().get("id").asString();
        assertThat(secret).startsWith("atr_sk_").hasSizeGreaterThanOrEqualTo(7 + 43);
        assertThat(issued.json().get("prefix").asString()).isEqualTo(secret.substring(0, 13));

        Map<String, Object> row = jdbc.sql("select * from platform_api_keys where id = cast(:id as uuid)")
                .param("id", id).query().singleRow();
        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(row.get("secret_hash")).isEqualTo(sha256);
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(secret));
        assertThat(root.get("/api/v1/api-keys?size=500").body()).doesNotContain(secret);

        String email = Fixtures.email("hash");
        root.post("/api/v1/staff", Map.of("email", email, "name", "Hash Check", "password", "a-long-enough-password",
                "role", "analyst"));
        String hash = jdbc.sql("select password_hash from staff_users where email = :email").param("email", email)
                .query(String.class).single();
        assertThat(hash).startsWith("$2").doesNotContain("a-long-enough-password");
    }

    @Test
    void staffSignInWithBasicAuthenticationAndActWithTheirRolesPermissions() {
        Api owner = Api.anonymous(port).withBasic(Api.OWNER_EMAIL, Api.OWNER_PASSWORD);
        assertThat(owner.get("/api/v1/tenants").status()).isEqualTo(200);
        String slug = Fixtures.slug("by-owner");
        Api.Response created = owner.post("/api/v1/tenants", Fixtures.tenantRequest(slug, "By Owner", "free"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode audit = Api.asRoot(port).get("/api/v1/audit-events?type=tenant.created&tenantId="
                + created.json().get("id").asString()).json();
        assertThat(audit.get("items").get(0).get("actorType").asString()).isEqualTo("staff");

        String email = Fixtures.email("analyst");
        Api.Response staff = owner.post("/api/v1/staff",
                Map.of("email", email, "name", "Ana Lyst", "password", "a-long-enough-password", "role", "analyst"));
        assertThat(staff.status()).as(staff.toString()).isEqualTo(201);
        assertThat(staff.json().get("role").asString()).isEqualTo("analyst");
        assertThat(staff.json().has("password")).isFalse();
        Api analyst = Api.anonymous(port).withBasic(email, "a-long-enough-password");
        assertThat(analyst.get("/api/v1/tenants").status()).isEqualTo(200);
        problem(analyst.post("/api/v1/tenants", Fixtures.tenantRequest(Fixtures.slug("analyst"), "No", "free")), 403,
                "forbidden");
        problem(Api.anonymous(port).withBasic(Fixtures.email("nobody"), "whatever-password").get("/api/v1/tenants"),
                401, "unauthorized");
    }

    @Test
    void auditsEveryFailedSignIn() {
        String unknown = Fixtures.email("ghost");
        problem(Api.anonymous(port).withBasic(unknown, "guess-one").get("/api/v1/tenants"), 401, "unauthorized");

        JsonNode page = Api.asRoot(port).get("/api/v1/audit-events?size=500&type=staff.login_failed").json();
        List<JsonNode> forUnknown = new ArrayList<>();
        page.get("items").forEach(e -> {
            if (unknown.equals(e.get("target").asString())) {
                forUnknown.add(e);
            }
        });
        assertThat(forUnknown).hasSize(1);
        assertThat(forUnknown.get(0).get("after").get("reason").asString()).isEqualTo("unknown_user");
        assertThat(forUnknown.get(0).get("ipAddress").asString()).isNotBlank();
    }

    private static String base64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
