package org.atrium.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The pricing page over plain HTTP, as a browser without JavaScript (or a search engine) gets it. Its own
 * application: it adds plans, which other tests' plan listings must not see.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=site")
class PricingPageIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void showsTheActivePlansWithMonthlyPricesAndTheRecommendedOneHighlighted() {
        Api.Response page = Api.anonymous(port).with("Accept-Language", "en-US").get("/pricing");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.body();
        assertThat(html).contains("<title>Pricing — Atrium</title>");
        assertThat(html).contains("<meta name=\"description\"");
        // The five default plans at their monthly prices (catalog migration: 0, 29, 79, 199, 499).
        assertThat(html).contains("$0.00", "$29.00", "$79.00", "$199.00", "$499.00");
        assertThat(html).contains("Recommended").contains("card--highlight");
        assertThat(html).contains("href=\"/signup?plan=growth&amp;cycle=monthly\"");
        assertThat(html).contains("Start 14-day trial").contains("Get started free");
        // Comparison: the Enterprise column says Unlimited for shipments, Free has no API access.
        assertThat(html).contains("Unlimited").contains("Not included");
        assertThat(html).doesNotContain("Save $");
    }

    @Test
    void theAnnualSwitchShowsYearlyPricesAndWhatTheySave() {
        String html = Api.anonymous(port).with("Accept-Language", "en-US").get("/pricing?cycle=annual").body();

        // Annual is ten months' price: Growth 790.00 against 12 × 79.00 = 948.00 → saves 158.00 (16.67 % → 17 %);
        // Pro 1,990.00 against 2,388.00 → 398.00 (17%).
        assertThat(html).contains("$790.00", "$1,990.00");
        assertThat(html).contains("Save $158.00 a year (17%)", "Save $398.00 a year (17%)");
        assertThat(html).contains("per year");
        assertThat(html).contains("href=\"/pricing?cycle=annual\" aria-current=\"true\"");
    }

    @Test
    void anyOtherCycleShowsTheCanonicalMonthlyPage() {
        String html = Api.anonymous(port).get("/pricing?cycle=%3Cscript%3E").body();

        assertThat(html).contains("per month").doesNotContain("<script>");
    }

    @Test
    void isServedWithAStrictContentSecurityPolicyAndMayBeCachedBriefly() {
        Api.Response page = Api.anonymous(port).get("/pricing");

        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Cache-Control")).contains("max-age=60").contains("public");
        assertThat(page.body()).doesNotContain(" style=\"").doesNotContain("<script>");
    }

    @Test
    void theStylesheetIsServedByAtriumWithAContentHashInItsAddress() {
        String html = Api.anonymous(port).get("/pricing").body();
        String href = html.replaceFirst("(?s).*<link rel=\"stylesheet\" href=\"([^\"]+)\".*", "$1");

        assertThat(href).matches("/css/atrium-[0-9a-f]{32}\\.css");
        Api.Response css = Api.anonymous(port).get(href);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("--brand:");
        assertThat(css.header("Cache-Control")).contains("max-age=31536000");
    }

    @Test
    void htmlInAPlansNameAndDescriptionIsEscaped() {
        String slug = Fixtures.slug("xss");
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("slug", slug);
        plan.put("name", "<script>alert('name')</script>");
        plan.put("description", "<img src=x onerror=alert(1)>");
        plan.put("currency", "USD");
        plan.put("prices", Map.of("monthly", "5.00"));
        plan.put("limits", Map.of("max_users", 1));
        plan.put("features", Map.of());
        plan.put("supportLevel", "email");
        assertThat(Api.asRoot(port).post("/api/v1/plans", plan).status()).isEqualTo(201);

        String html = Api.anonymous(port).get("/pricing").body();

        assertThat(html).contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;");
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
    }
}
