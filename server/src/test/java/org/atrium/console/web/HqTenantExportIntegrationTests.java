package org.atrium.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HqStaff;
import org.atrium.support.HttpBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** The tenant list's CSV export: every page of the filtered list, header first, tenant text made safe. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqTenantExportIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Test
    void theExportHasEveryFilteredRowAcrossPagesWithFormulasDefusedAndQuotesEscaped() {
        Api root = Api.asRoot(port);
        String tag = "csv" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        int count = TenantsPage.EXPORT_PAGE + 7;
        for (int i = 0; i < count - 1; i++) {
            assertThat(root.post("/api/v1/tenants", Fixtures.tenantRequest(Fixtures.slug("hq"), tag + " Shop " + i,
                    "starter")).status()).isEqualTo(201);
        }
        String nasty = "=HYPERLINK(\"http://evil\") " + tag + ", \"Ltd\"";
        String nastySlug = Fixtures.slug("hq");
        assertThat(root.post("/api/v1/tenants", Fixtures.tenantRequest(nastySlug, nasty, "starter")).status())
                .isEqualTo(201);
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        assertThat(support.get("/hq/tenants?q=" + tag).body()).contains("/hq/tenants/export.csv?q=" + tag);

        HttpBrowser.Page csv = support.get("/hq/tenants/export.csv?q=" + tag + "&sort=name");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().get("content-type").get(0)).startsWith("text/csv");
        List<String> lines = Arrays.asList(csv.body().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("slug,name,status,plan,admin_email,created_at,balance,currency");
        assertThat(lines).hasSize(count + 1);
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).contains(tag));
        assertThat(lines).filteredOn(l -> l.startsWith(nastySlug + ",")).singleElement().asString()
                .startsWith(nastySlug + ",\"'=HYPERLINK(\"\"http://evil\"\") " + tag + ", \"\"Ltd\"\"\",");
        assertThat(lines.stream().map(l -> l.split(",")[0]).distinct().count()).isEqualTo(count + 1);

        // The filters apply: a status no tenant of the tag has exports the header alone.
        HttpBrowser.Page none = support.get("/hq/tenants/export.csv?q=" + tag + "&status=suspended");
        assertThat(none.body()).isEqualTo("slug,name,status,plan,admin_email,created_at,balance,currency\r\n");
        assertThat(support.get("/hq/tenants/export.csv?sort=secret").status()).isEqualTo(400);
    }

    @Test
    void theLedgerExportHasEveryMovementOldestFirstWithTheReasonDefused() {
        Api root = Api.asRoot(port);
        String slug = org.atrium.console.web.HqTenantPagesIntegrationTests.tenant(root, "Ledger Co", "starter");
        int count = TenantsPage.EXPORT_PAGE + 3;
        for (int i = 0; i < count - 1; i++) {
            assertThat(root.post("/api/v1/tenants/" + slug + "/wallet/credits",
                    java.util.Map.of("amount", "1.00", "reason", "Top " + i, "reference", "l-" + i)).status())
                    .isEqualTo(201);
        }
        assertThat(root.post("/api/v1/tenants/" + slug + "/wallet/debits",
                java.util.Map.of("amount", "2.50", "reason", "@Fee, \"late\"", "reference", "l-last")).status())
                .isEqualTo(201);
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        assertThat(support.get("/hq/tenants/" + slug + "/wallet").body()).contains("id=\"ledger-export\"");
        HttpBrowser.Page csv = support.get("/hq/tenants/" + slug + "/wallet/ledger.csv");
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = Arrays.asList(csv.body().split("\r\n"));
        assertThat(lines.get(0))
                .isEqualTo("seq,created_at,type,amount,balance_after,currency,reference,description,created_by");
        assertThat(lines).hasSize(count + 1);
        assertThat(lines.get(1)).contains(",manual_credit,1.00,1.00,").contains(",l-0,Top 0,");
        assertThat(lines.get(count)).contains(",manual_debit,").contains(",l-last,\"'@Fee, \"\"late\"\"\",");
        assertThat(support.get("/hq/tenants/no-such-" + slug + "/wallet/ledger.csv").status()).isEqualTo(404);
    }
}
