package org.atrium.developer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** The API description in two groups: the platform API, and the tenant API that lists what a tenant key can call. */
@AtriumIntegrationTest
class TenantApiDocumentationIntegrationTests {

    @LocalServerPort
    int port;

    private JsonNode docs(String group) {
        Api.Response response = Api.anonymous(port).get("/v3/api-docs/" + group);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> operations(JsonNode docs) {
        List<String> all = new ArrayList<>();
        docs.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> all.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return all;
    }

    @Test
    void theTenantApiListsExactlyTheRoutesATenantKeyMayCallWithATenantKeyBearerScheme() {
        JsonNode tenant = docs("tenant");
        assertThat(tenant.at("/info/title").asString()).isEqualTo("Atrium tenant API");
        JsonNode scheme = tenant.at("/components/securitySchemes/bearer");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asString()).isEqualTo("atr_live_…");
        assertThat(tenant.path("security").toString()).contains("\"bearer\"");

        List<String> expected = TenantKeyRoutes.ROUTES.stream()
                .map(r -> r.method() + " " + TenantKeyDocumentation.withoutPatterns(r.pattern())).toList();
        assertThat(operations(tenant)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(operations(tenant)).contains("GET /api/v1/invoices/{number}", "GET /api/v1/tenants/{slug}/api-usage")
                .doesNotContain("GET /api/v1/tenants", "POST /api/v1/tenants/{slug}/wallet/credits",
                        "PUT /api/v1/tenants/{slug}/subscription", "GET /api/v1/plans");
        // The global description applies to the group too: examples and problems.
        assertThat(tenant.at("/paths/~1api~1v1~1tenants~1{slug}~1api-keys/post/requestBody/content"
                + "/application~1json/example/scopes").isArray()).isTrue();
        assertThat(tenant.at("/paths/~1api~1v1~1tenants~1{slug}~1wallet/get/responses/403/content")
                .has("application/problem+json")).isTrue();
    }

    @Test
    void thePlatformApiHasEveryOperationWithThePlatformKeyScheme() {
        JsonNode platform = docs("platform");
        assertThat(platform.at("/info/title").asString()).isEqualTo("Atrium platform API");
        assertThat(platform.at("/components/securitySchemes/bearer/bearerFormat").asString()).isEqualTo("atr_sk_…");
        assertThat(operations(platform)).contains("GET /api/v1/tenants", "POST /api/v1/tenants/{slug}/wallet/credits",
                "GET /api/v1/tenants/{slug}/wallet", "GET /api/v1/plans");
        // The whole description is unchanged beside the groups.
        JsonNode all = Api.anonymous(port).get("/v3/api-docs").json();
        assertThat(all.at("/info/title").asString()).isEqualTo("Atrium API");
        assertThat(operations(all)).containsExactlyInAnyOrderElementsOf(operations(platform));
    }
}
