package org.atrium.site.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The pricing page's cached tables: reused while the plans stay the same, made again as soon as they change. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=site")
class PricingTablesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    PricingTables tables;

    @Autowired
    Catalog catalog;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTableIsReusedUntilAPlanChangesOnThisNode() {
        String slug = plan("Cached");
        PricingTable first = tables.table(BillingCycle.MONTHLY, Locale.US);

        assertThat(tables.table(BillingCycle.MONTHLY, Locale.US)).isSameAs(first);
        assertThat(tables.table(BillingCycle.ANNUAL, Locale.US)).isNotSameAs(first);

        Api.Response renamed = Api.asRoot(port).patch("/api/v1/plans/" + slug, Map.of("name", "Renamed"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        PricingTable after = tables.table(BillingCycle.MONTHLY, Locale.US);
        assertThat(after).isNotSameAs(first);
        assertThat(after.cards()).extracting(PricingTable.Card::name).contains("Renamed").doesNotContain("Cached");
        // And the page itself, at once (no waiting for a cache to expire).
        assertThat(Api.anonymous(port).get("/pricing").body()).contains("Renamed");

        // A deactivated plan leaves the page at once.
        assertThat(Api.asRoot(port).post("/api/v1/plans/" + slug + "/deactivate").status()).isEqualTo(200);
        assertThat(tables.table(BillingCycle.MONTHLY, Locale.US).cards()).extracting(PricingTable.Card::slug)
                .doesNotContain(slug);
        assertThat(Api.anonymous(port).get("/pricing").body()).doesNotContain("Renamed");
    }

    @Test
    void aChangeMadeByAnotherNodeIsSeenOnceTheCatalogReloads() {
        String slug = plan("Elsewhere");
        PricingTable first = tables.table(BillingCycle.MONTHLY, Locale.US);

        // Another node's edit: the row changes and this node only hears "refresh" (no PlanChanged here).
        jdbc.sql("update plans set name = 'Edited elsewhere', version = version + 1 where slug = :slug")
                .param("slug", slug).update();
        catalog.refresh();

        PricingTable after = tables.table(BillingCycle.MONTHLY, Locale.US);
        assertThat(after).isNotSameAs(first);
        assertThat(after.cards()).extracting(PricingTable.Card::name).contains("Edited elsewhere");
    }

    @Test
    void manyLocalesDoNotGrowTheCacheWithoutBound() {
        for (int i = 0; i < PricingTables.MAX_ENTRIES * 3; i++) {
            tables.table(BillingCycle.MONTHLY, Locale.forLanguageTag("en-x-l" + i));
        }

        assertThat(tables.size()).isLessThanOrEqualTo(PricingTables.MAX_ENTRIES);
    }

    private String plan(String name) {
        String slug = Fixtures.slug("cache");
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("slug", slug);
        plan.put("name", name);
        plan.put("currency", "USD");
        plan.put("prices", Map.of("monthly", "7.00", "annual", "70.00"));
        plan.put("limits", Map.of("max_users", 3));
        plan.put("features", Map.of());
        plan.put("supportLevel", "email");
        Api.Response created = Api.asRoot(port).post("/api/v1/plans", plan);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return slug;
    }
}
