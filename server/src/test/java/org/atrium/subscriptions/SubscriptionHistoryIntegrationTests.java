package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * The history API's shape, which clients read: snake_case names, instants to the millisecond, the period's days as
 * UTC midnights, {@code details} as JSON text, no {@code from_status} for the first entry.
 */
@AtriumIntegrationTest
class SubscriptionHistoryIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void historyListsEachChangeWithTheNamesAndFormatsItHasAlwaysHad() {
        Api api = Api.asRoot(port);
        String slug = Fixtures.tenantOn(api, "starter").get("slug").asString();
        Api.Response assigned = api.put("/api/v1/tenants/" + slug + "/subscription",
                Map.of("plan", "growth", "collection", "invoice"));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);

        JsonNode items = api.get("/api/v1/tenants/" + slug + "/subscription/history").json().get("items");

        assertThat(items).hasSize(2);
        JsonNode trial = items.get(0);
        assertThat(trial.get("event").asString()).isEqualTo("trial_started");
        assertThat(trial.has("from_status")).isFalse();
        assertThat(trial.get("to_status").asString()).isEqualTo("trial");
        assertThat(trial.get("plan_slug").asString()).isEqualTo("starter");
        assertThat(trial.get("cycle").asString()).isEqualTo("monthly");
        assertThat(trial.get("at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        String start = trial.get("period_start").asString();
        assertThat(start).matches("\\d{4}-\\d{2}-\\d{2}T00:00:00\\.000Z");
        // The trial is 14 days (its details say so): its period ends 14 days after it starts.
        assertThat(trial.get("details").asString()).isEqualTo("{\"trialDays\": 14}");
        assertThat(trial.get("period_end").asString())
                .isEqualTo(LocalDate.parse(start.substring(0, 10)).plusDays(14) + "T00:00:00.000Z");

        JsonNode assignment = items.get(1);
        assertThat(assignment.get("event").asString()).isEqualTo("assigned");
        assertThat(assignment.get("from_status").asString()).isEqualTo("trial");
        assertThat(assignment.get("to_status").asString()).isEqualTo("active");
        assertThat(assignment.get("plan_slug").asString()).isEqualTo("growth");
        JsonNode details = Api.JSON.readTree(assignment.get("details").asString());
        assertThat(details.get("collection").asString()).isEqualTo("invoice");
        assertThat(details.get("invoice").asString()).isEqualTo(assigned.json().get("change").get("invoice").asString());
    }

    @Test
    void anUnknownCollectionOrEffectiveIsRefusedByName() {
        Api api = Api.asRoot(port);
        String slug = Fixtures.tenantOn(api, "starter").get("slug").asString();

        Api.Response collection = api.put("/api/v1/tenants/" + slug + "/subscription",
                Map.of("plan", "growth", "collection", "cheque"));
        Api.Response effective = api.put("/api/v1/tenants/" + slug + "/subscription",
                Map.of("plan", "growth", "effective", "tomorrow"));
        Api.Response preview = api.get("/api/v1/tenants/" + slug + "/subscription/preview-change?plan=growth&effective=later");

        assertThat(collection.status()).isEqualTo(400);
        assertThat(collection.json().get("errors").get("collection").asString()).isEqualTo("must be wallet or invoice");
        assertThat(effective.status()).isEqualTo(400);
        assertThat(effective.json().get("errors").get("effective").asString()).isEqualTo("must be now or period_end");
        assertThat(preview.status()).isEqualTo(400);
        assertThat(preview.json().get("errors").get("effective").asString()).isEqualTo("must be now or period_end");
        assertThat(api.get("/api/v1/tenants/" + slug + "/subscription/history").json().get("items")).hasSize(1);
    }
}
