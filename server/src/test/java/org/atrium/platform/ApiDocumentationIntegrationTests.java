package org.atrium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * The API as Swagger UI and a client see it (issue 8, item 9): a description that can be used (bearer scheme, the
 * real statuses, problems, merge patch bodies as objects, examples), lists whose size is the page size, validation
 * details that read as sentences, 403s that name the permission, and a plan change that says what it cost.
 */
@AtriumIntegrationTest
class ApiDocumentationIntegrationTests {

    @LocalServerPort
    int port;

    private JsonNode docs() {
        Api.Response response = Api.anonymous(port).get("/v3/api-docs");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Test
    void describesABearerSchemeATitleAndAVersion() {
        JsonNode docs = docs();
        JsonNode scheme = docs.at("/components/securitySchemes/bearer");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(docs.path("security").toString()).contains("\"bearer\"");
        assertThat(docs.at("/info/title").asString()).isEqualTo("Atrium API");
        assertThat(docs.at("/info/version").asString()).isNotBlank();
        // The public pricing needs no key.
        assertThat(docs.at("/paths/~1api~1v1~1public~1plans/get/security").toString()).isEqualTo("[]");
    }

    @Test
    void documentsMergePatchBodiesAsTheResourceTheyChange() {
        JsonNode paths = docs().path("paths");
        List<String> patches = new ArrayList<>();
        paths.properties().forEach(path -> {
            JsonNode patch = path.getValue().path("patch");
            if (!patch.isMissingNode()) {
                patches.add(path.getKey());
                patch.at("/requestBody/content").properties().forEach(media -> {
                    JsonNode schema = media.getValue().path("schema");
                    assertThat(schema.path("type").asString()).as(path.getKey() + " " + media.getKey())
                            .isNotEqualTo("string");
                    assertThat(schema.has("$ref") || schema.path("type").asString().equals("object"))
                            .as(path.getKey() + " " + schema).isTrue();
                });
            }
        });
        assertThat(patches).contains("/api/v1/plans/{slug}", "/api/v1/tenants/{slug}", "/api/v1/settings");
        assertThat(paths.at("/~1api~1v1~1plans~1{slug}/patch/requestBody/content").toString())
                .contains("application/merge-patch+json").contains("PlanView");
    }

    @Test
    void documentsTheStatusesReallyAnswered() {
        JsonNode paths = docs().path("paths");
        assertThat(paths.at("/~1api~1v1~1tenants/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1v1~1tenants/post/responses").has("200")).isFalse();
        assertThat(paths.at("/~1api~1v1~1plans/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1v1~1tenants~1{slug}~1wallet~1credits/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1v1~1tenants~1{slug}~1wallet~1credits/post/responses/201/content").toString())
                .contains("TransactionView");
        assertThat(paths.at("/~1api~1v1~1usage/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1v1~1tenants~1{slug}~1overrides~1{key}/delete/responses").has("204")).isTrue();
        // And the real ones: POST /api/v1/tenants answers 201.
        Api.Response created = Api.asRoot(port).post("/api/v1/tenants",
                Fixtures.tenantRequest(Fixtures.slug("docs"), "Docs", "free"));
        assertThat(created.status()).isEqualTo(201);
    }

    @Test
    void documentsProblemResponsesAndAnExampleForEveryBody() {
        JsonNode docs = docs();
        assertThat(docs.at("/components/schemas/Problem/properties").has("detail")).isTrue();
        List<String> withoutExample = new ArrayList<>();
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String name = op.getKey() + " " + path.getKey();
            JsonNode responses = op.getValue().path("responses");
            assertThat(responses.has("400")).as(name).isTrue();
            assertThat(responses.at("/400/content").has("application/problem+json")).as(name).isTrue();
            assertThat(responses.at("/400/content/application~1problem+json/schema/$ref").asString()).as(name)
                    .endsWith("/Problem");
            assertThat(responses.has("500")).as(name).isTrue();
            if (!path.getKey().startsWith("/api/v1/public/")) {
                assertThat(responses.at("/403/content").has("application/problem+json")).as(name).isTrue();
            }
            JsonNode content = op.getValue().at("/requestBody/content");
            if (!content.isMissingNode()) {
                content.properties().forEach(media -> {
                    if (!media.getValue().has("example") && !media.getValue().has("examples")) {
                        withoutExample.add(name + " " + media.getKey());
                    }
                });
            }
        }));
        assertThat(withoutExample).as("request bodies without an example").isEmpty();
    }

    @Test
    void sizeIsThePageSizeInEveryList() {
        Api root = Api.asRoot(port);
        Fixtures.plan(root);
        Fixtures.plan(root);
        JsonNode first = root.get("/api/v1/plans?size=2").json();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("items").size()).isEqualTo(2);
        assertThat(first.get("totalItems").asLong()).isGreaterThanOrEqualTo(5); // the 3 seeded plans and 2 more
        JsonNode second = root.get("/api/v1/plans?size=2&page=1").json();
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("items").get(0).get("slug").asString())
                .isNotIn(first.get("items").get(0).get("slug").asString(),
                        first.get("items").get(1).get("slug").asString());
        // Without size, the default page size (50), even when fewer items exist.
        JsonNode staff = root.get("/api/v1/staff").json();
        assertThat(staff.get("size").asInt()).isEqualTo(50);
        assertThat(staff.get("items").size()).isLessThan(50);
        JsonNode dryRun = root.post("/api/v1/lifecycle/run?dryRun=true&size=3").json();
        assertThat(dryRun.get("size").asInt()).as(dryRun.toString()).isEqualTo(3);
        Fixtures.invalid(root.get("/api/v1/plans?size=501"), "size");
    }

    @Test
    void validationDetailsAreSentences() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        List<JsonNode> problems = List.of(
                Fixtures.invalid(root.post("/api/v1/tenants/" + slug + "/wallet/credits",
                        Map.of("amount", "0", "reason", "Zero", "reference", " ")), "amount"),
                Fixtures.invalid(root.post("/api/v1/staff", Map.of("email", "x@example.test", "name", "",
                        "password", "short", "role", "support")), "password"),
                Fixtures.invalid(root.post("/api/v1/usage", Map.of("events", List.of(
                        Map.of("tenant", slug, "metric", "max_shipments", "quantity", -1, "idempotencyKey", "a"),
                        Map.of("tenant", "nobody-" + Fixtures.token(), "metric", "max_shipments", "quantity", 1,
                                "idempotencyKey", "b")))), "events[1].tenant"),
                Fixtures.invalid(root.post("/api/v1/tenants", Map.of("slug", "x")), "name"));
        for (JsonNode problem : problems) {
            String detail = problem.get("detail").asString();
            assertThat(detail).as(problem.toString()).doesNotContain("{").doesNotContain("=").endsWith(".");
        }
        // "amount must be greater than zero; reference is required: the idempotency key of this movement."
        assertThat(problems.get(0).get("detail").asString()).contains("amount must be greater than zero");
    }

    @Test
    void aForbiddenAnswerNamesTheMissingPermission() {
        Api root = Api.asRoot(port);
        Api analyst = Api.anonymous(port).withBearer(Fixtures.apiKey(root, "analytics.read"));
        JsonNode one = problem(analyst.post("/api/v1/plans", Fixtures.planRequest(Fixtures.slug("p"), "1.00")), 403,
                "forbidden");
        assertThat(one.get("permission").asString()).isEqualTo("saas.plans.manage");
        assertThat(one.get("detail").asString()).contains("saas.plans.manage");
        JsonNode anyOf = problem(analyst.get("/api/v1/tenants"), 403, "forbidden");
        assertThat(anyOf.get("permissions").toString()).contains("tenants.read", "tenants.manage");
        assertThat(anyOf.get("detail").asString()).contains("tenants.read").contains("tenants.manage");
    }

    @Test
    void aPlanChangeSaysWhichInvoiceItIssuedAndWhatItCharged() {
        Api root = Api.asRoot(port);
        JsonNode cheap = root.post("/api/v1/plans", Fixtures.planRequest(Fixtures.slug("cheap"), "10.00")).json();
        JsonNode dear = root.post("/api/v1/plans", Fixtures.planRequest(Fixtures.slug("dear"), "40.00")).json();
        String slug = Fixtures.tenantOn(root, cheap.get("slug").asString()).get("slug").asString();
        String t = "/api/v1/tenants/" + slug;
        assertThat(root.post(t + "/wallet/credits", Map.of("amount", "500.00", "reason", "Float", "reference",
                "float")).status()).isEqualTo(201);

        // An assignment from the wallet: a new period on the cheap plan, invoiced and paid at once.
        BigDecimal before = balance(root, t);
        JsonNode assigned = root.put(t + "/subscription",
                Map.of("plan", cheap.get("slug").asString(), "collection", "wallet")).json();
        assertThat(assigned.get("plan").asString()).isEqualTo(cheap.get("slug").asString());
        JsonNode change = assigned.get("change");
        assertThat(change.get("kind").asString()).as(assigned.toString()).isEqualTo("assigned");
        String invoice = change.get("invoice").asString();
        BigDecimal charged = new BigDecimal(change.get("charged").asString());
        assertThat(charged).isGreaterThanOrEqualTo(new BigDecimal("10.00")); // the price, and tax if any is set
        assertThat(before.subtract(balance(root, t))).isEqualByComparingTo(charged);
        assertThat(root.get("/api/v1/invoices/" + invoice).json().get("total").asString())
                .isEqualTo(change.get("charged").asString());
        assertThat(change.get("currency").asString()).isEqualTo("USD");

        // An upgrade: prorated, charged from the wallet with an invoice of its own.
        before = balance(root, t);
        JsonNode upgraded = root.put(t + "/subscription", Map.of("plan", dear.get("slug").asString())).json();
        JsonNode up = upgraded.get("change");
        assertThat(up.get("kind").asString()).as(upgraded.toString()).isEqualTo("upgraded");
        assertThat(up.get("invoice").asString()).isNotEqualTo(invoice);
        assertThat(before.subtract(balance(root, t))).isEqualByComparingTo(new BigDecimal(up.get("charged").asString()));

        // An assignment invoiced for transfer charges nothing yet: the invoice's total is due.
        before = balance(root, t);
        JsonNode invoiced = root.put(t + "/subscription",
                Map.of("plan", cheap.get("slug").asString(), "collection", "invoice")).json();
        JsonNode open = invoiced.get("change");
        assertThat(open.get("kind").asString()).as(invoiced.toString()).isEqualTo("assigned");
        assertThat(open.has("charged")).isFalse();
        assertThat(new BigDecimal(open.get("due").asString())).isGreaterThanOrEqualTo(new BigDecimal("10.00"));
        assertThat(balance(root, t)).isEqualByComparingTo(before);

        // The same plan again changes nothing, and says so.
        root.put(t + "/subscription", Map.of("plan", dear.get("slug").asString(), "collection", "wallet"));
        JsonNode same = root.put(t + "/subscription", Map.of("plan", dear.get("slug").asString())).json();
        assertThat(same.at("/change/kind").asString()).isEqualTo("unchanged");
        assertThat(same.at("/change").has("invoice")).isFalse();
    }

    private static BigDecimal balance(Api api, String tenantPath) {
        return new BigDecimal(api.get(tenantPath + "/wallet").json().get("balance").asString());
    }
}
