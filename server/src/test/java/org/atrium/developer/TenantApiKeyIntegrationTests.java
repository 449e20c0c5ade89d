package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.invalid;
import static org.atrium.support.Fixtures.problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class TenantApiKeyIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AdjustableClock clock;

    private Api root() {
        return Api.asRoot(port);
    }

    private String tenant() {
        return Fixtures.tenantOn(root(), Fixtures.plan(root()).get("slug").asString()).get("slug").asString();
    }

    private JsonNode issue(String slug, List<String> scopes) {
        Api.Response r = root().post("/api/v1/tenants/" + slug + "/api-keys",
                Map.of("name", "backend " + Fixtures.token(), "scopes", scopes));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKeyIsShownOnceStoredAsItsSha256AndReachesItsOwnTenant() throws Exception {
        String slug = tenant();
        JsonNode issued = issue(slug, List.of("wallet:read"));
        String key = issued.get("key").asString();
        // The tests run in sandbox mode, so keys are test keys.
        assertThat(key).matches("atr_test_[0-9A-Za-z]{38}");
        assertThat(issued.get("scopes").get(0).asString()).isEqualTo("wallet:read");
        String stored = jdbc.sql("select secret_hash from tenant_api_keys where id = :id")
                .param("id", java.util.UUID.fromString(issued.get("id").asString())).query(String.class).single();
        assertThat(stored).isEqualTo(sha256(key));
        Api.Response listed = root().get("/api/v1/tenants/" + slug + "/api-keys");
        assertThat(listed.body()).doesNotContain(key);
        assertThat(listed.json().get("items").get(0).get("prefix").asString()).isEqualTo(key.substring(0, 15));

        Api.Response wallet = Api.anonymous(port).withBearer(key).get("/api/v1/tenants/" + slug + "/wallet");
        assertThat(wallet.status()).as(wallet.toString()).isEqualTo(200);
        JsonNode used = root().get("/api/v1/tenants/" + slug + "/api-keys").json().get("items").get(0);
        assertThat(used.get("lastUsedFrom").asString()).isEqualTo("127.0.0.1");
        assertThat(used.get("lastUsedAt")).isNotNull();
    }

    @Test
    void aKeyWithoutTheScopeIsRefusedNamingIt() {
        String slug = tenant();
        String key = issue(slug, List.of("wallet:read")).get("key").asString();
        JsonNode body = problem(Api.anonymous(port).withBearer(key).get("/api/v1/tenants/" + slug + "/invoices"), 403,
                "forbidden");
        assertThat(body.get("permission").asString()).isEqualTo("invoices:read");
    }

    @Test
    void unknownScopesAPastExpiryAndAMissingNameAreRefusedAndStoreNothing() {
        String slug = tenant();
        String base = "/api/v1/tenants/" + slug + "/api-keys";
        invalid(root().post(base, Map.of("name", "k", "scopes", List.of("invoices:delete"))), "scopes");
        invalid(root().post(base, Map.of("name", "k", "scopes", List.of())), "scopes");
        invalid(root().post(base, Map.of("name", " ", "scopes", List.of("wallet:read"))), "name");
        invalid(root().post(base, Map.of("name", "k", "scopes", List.of("wallet:read"), "expiresAt",
                "2000-01-01T00:00:00Z")), "expiresAt");
        assertThat(root().get(base).json().get("totalItems").asInt()).isZero();
    }

    @Test
    void aKeyGrantsOnlyScopesItHolds() {
        String slug = tenant();
        String key = issue(slug, List.of("api-keys:write", "wallet:read")).get("key").asString();
        Api asKey = Api.anonymous(port).withBearer(key);
        JsonNode refused = problem(asKey.post("/api/v1/tenants/" + slug + "/api-keys",
                Map.of("name", "wider", "scopes", List.of("invoices:read"))), 403, "forbidden");
        assertThat(refused.get("permission").asString()).isEqualTo("invoices:read");
        Api.Response narrower = asKey.post("/api/v1/tenants/" + slug + "/api-keys",
                Map.of("name", "narrower", "scopes", List.of("wallet:read")));
        assertThat(narrower.status()).as(narrower.toString()).isEqualTo(201);
    }

    @Test
    void aRevokedKeyAnExpiredKeyAndAKeyOfADeletedTenantAre401() {
        String slug = tenant();
        JsonNode issued = issue(slug, List.of("wallet:read"));
        String key = issued.get("key").asString();
        Api asKey = Api.anonymous(port).withBearer(key);
        assertThat(asKey.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        Api.Response revoked = root().post("/api/v1/tenants/" + slug + "/api-keys/" + issued.get("id").asString()
                + "/revoke");
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt")).isNotNull();
        problem(asKey.get("/api/v1/tenants/" + slug + "/wallet"), 401, "unauthorized");

        String other = tenant();
        String second = issue(other, List.of("wallet:read")).get("key").asString();
        assertThat(Api.anonymous(port).withBearer(second).get("/api/v1/tenants/" + other + "/wallet").status())
                .isEqualTo(200);
        assertThat(root().delete("/api/v1/tenants/" + other).status()).isIn(200, 204);
        // Deletion reaches a cached key when its cache entry expires (5 s); the clock moves instead of waiting.
        clock.advance(Duration.ofSeconds(6));
        problem(Api.anonymous(port).withBearer(second).get("/api/v1/tenants/" + other + "/wallet"), 401,
                "unauthorized");

        String third = tenant();
        Api.Response expiring = root().post("/api/v1/tenants/" + third + "/api-keys", Map.of("name", "short",
                "scopes", List.of("wallet:read"), "expiresAt", clock.instant().plus(Duration.ofHours(1)).toString()));
        String short1 = expiring.json().get("key").asString();
        assertThat(Api.anonymous(port).withBearer(short1).get("/api/v1/tenants/" + third + "/wallet").status())
                .isEqualTo(200);
        clock.advance(Duration.ofHours(1));
        problem(Api.anonymous(port).withBearer(short1).get("/api/v1/tenants/" + third + "/wallet"), 401,
                "unauthorized");
    }

    @Test
    void aRotatedKeyStaysValidForTheOverlapAndNoLonger() {
        String slug = tenant();
        JsonNode issued = issue(slug, List.of("wallet:read"));
        String old = issued.get("key").asString();
        Api.Response rotated = root().post("/api/v1/tenants/" + slug + "/api-keys/" + issued.get("id").asString()
                + "/rotate", Map.of("overlap", "PT2H"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        String successor = rotated.json().get("key").asString();
        assertThat(successor).isNotEqualTo(old);
        String wallet = "/api/v1/tenants/" + slug + "/wallet";
        assertThat(Api.anonymous(port).withBearer(old).get(wallet).status()).isEqualTo(200);
        assertThat(Api.anonymous(port).withBearer(successor).get(wallet).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        problem(Api.anonymous(port).withBearer(old).get(wallet), 401, "unauthorized");
        assertThat(Api.anonymous(port).withBearer(successor).get(wallet).status()).isEqualTo(200);

        String id = rotated.json().get("id").asString();
        invalid(root().post("/api/v1/tenants/" + slug + "/api-keys/" + id + "/rotate", Map.of("overlap", "P8D")),
                "overlap");
        Api.Response now = root().post("/api/v1/tenants/" + slug + "/api-keys/" + id + "/rotate",
                Map.of("overlap", "PT0S"));
        assertThat(now.status()).isEqualTo(201);
        problem(Api.anonymous(port).withBearer(successor).get(wallet), 401, "unauthorized");
    }
}
