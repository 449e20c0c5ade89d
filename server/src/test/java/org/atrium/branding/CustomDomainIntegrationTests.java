package org.atrium.branding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.util.Map;

import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Custom domains against a DNS server on loopback: the records shown, verification with and without them, a claim
 * by another tenant, the daily re-check suspending a domain whose records are gone, the TLS question, and the
 * cached lookup the portal's resolver uses.
 */
@AtriumIntegrationTest
class CustomDomainIntegrationTests {

    static final String BASE = "portal.atrium.test";
    static final FakeDns DNS;

    static {
        try {
            DNS = new FakeDns();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dns(DynamicPropertyRegistry registry) {
        registry.add("atrium.domains.resolver", DNS::address);
        registry.add("atrium.domains.dns-timeout", () -> "2s");
        registry.add("atrium.base-domain", () -> BASE);
    }

    @AfterAll
    static void stop() {
        DNS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    CustomDomains domains;

    Api root() {
        return Api.asRoot(port);
    }

    @Test
    void aDomainIsVerifiedByItsTxtAndCnameRecordsAndThenAnswersTheTlsQuestion() {
        JsonNode tenant = Fixtures.tenantOn(root(), "pro");
        String slug = tenant.get("slug").asString();
        String domain = "billing." + Fixtures.token() + ".example";
        Api.Response added = root().post("/api/v1/tenants/" + slug + "/domains", Map.of("domain", domain.toUpperCase()));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        JsonNode body = added.json();
        assertThat(body.get("domain").asString()).isEqualTo(domain);
        assertThat(body.get("status").asString()).isEqualTo("pending");
        JsonNode cname = body.get("records").get(0);
        assertThat(cname.get("type").asString()).isEqualTo("CNAME");
        assertThat(cname.get("value").asString()).isEqualTo(slug + "." + BASE);
        JsonNode txt = body.get("records").get(1);
        assertThat(txt.get("name").asString()).isEqualTo("_atrium-challenge." + domain);
        String token = txt.get("value").asString();
        assertThat(token).matches("[0-9a-f]{32}");

        // Without the TXT record: refused, nothing verified, no certificate.
        DNS.cname(domain, slug + "." + BASE);
        JsonNode refused = Fixtures.problem(root().post("/api/v1/tenants/" + slug + "/domains/" + domain + "/verify"),
                422, "domain-not-verified");
        assertThat(refused.get("detail").asString()).contains("no TXT record _atrium-challenge." + domain);
        assertThat(root().get("/api/v1/tenants/" + slug + "/domains").json().get("items").get(0).get("lastError")
                .asString()).contains("TXT");
        assertThat(Api.anonymous(port).get("/internal/tls/ask?domain=" + domain).status()).isEqualTo(404);
        assertThat(domains.verifiedTenant(domain)).isEmpty();

        // A TXT record with another token does not do either.
        DNS.txt("_atrium-challenge." + domain, "0123456789abcdef0123456789abcdef");
        Fixtures.problem(root().post("/api/v1/tenants/" + slug + "/domains/" + domain + "/verify"), 422,
                "domain-not-verified");

        DNS.txt("_atrium-challenge." + domain, token);
        Api.Response verified = root().post("/api/v1/tenants/" + slug + "/domains/" + domain + "/verify");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().get("status").asString()).isEqualTo("verified");
        assertThat(Api.anonymous(port).get("/internal/tls/ask?domain=" + domain).status()).isEqualTo(200);
        assertThat(Api.anonymous(port).get("/internal/tls/ask?domain=other." + domain).status()).isEqualTo(404);
        assertThat(Api.anonymous(port).get("/internal/tls/ask").status()).isEqualTo(404);
        TenantId id = new TenantId(java.util.UUID.fromString(tenant.get("id").asString()));
        assertThat(domains.verifiedTenant(domain.toUpperCase() + ":443")).contains(id);
        assertThat(domains.verifiedTenant(domain + ".")).contains(id);

        // The records disappear: the daily re-check suspends the domain, and it loses its certificate answer.
        DNS.clear("_atrium-challenge." + domain);
        assertThat(domains.recheck()).isGreaterThanOrEqualTo(1);
        JsonNode after = root().get("/api/v1/tenants/" + slug + "/domains").json().get("items").get(0);
        assertThat(after.get("status").asString()).isEqualTo("suspended");
        assertThat(Api.anonymous(port).get("/internal/tls/ask?domain=" + domain).status()).isEqualTo(404);
        assertThat(domains.verifiedTenant(domain)).isEmpty();

        // Back again: verified by the next re-check.
        DNS.txt("_atrium-challenge." + domain, token);
        domains.recheck();
        assertThat(domains.verifiedTenant(domain)).contains(id);

        // Removing it ends it at once.
        assertThat(root().delete("/api/v1/tenants/" + slug + "/domains/" + domain).status()).isEqualTo(204);
        assertThat(Api.anonymous(port).get("/internal/tls/ask?domain=" + domain).status()).isEqualTo(404);
    }

    @Test
    void aDomainVerifiedByAnotherTenantIsRefused() {
        String owner = Fixtures.tenantOn(root(), "pro").get("slug").asString();
        String other = Fixtures.tenantOn(root(), "pro").get("slug").asString();
        String domain = "portal." + Fixtures.token() + ".example";
        // Both may have it pending: only the one that can write the records verifies it.
        JsonNode ownerRecords = root().post("/api/v1/tenants/" + owner + "/domains", Map.of("domain", domain)).json();
        assertThat(root().post("/api/v1/tenants/" + other + "/domains", Map.of("domain", domain)).status())
                .isEqualTo(201);
        DNS.cname(domain, owner + "." + BASE);
        DNS.txt("_atrium-challenge." + domain, ownerRecords.get("records").get(1).get("value").asString());
        // The other tenant's token is not in DNS, nor does the CNAME point at it.
        JsonNode refused = Fixtures.problem(root().post("/api/v1/tenants/" + other + "/domains/" + domain + "/verify"),
                422, "domain-not-verified");
        assertThat(refused.get("detail").asString()).contains("CNAME");
        assertThat(root().post("/api/v1/tenants/" + owner + "/domains/" + domain + "/verify").status()).isEqualTo(200);

        String third = Fixtures.tenantOn(root(), "pro").get("slug").asString();
        Fixtures.problem(root().post("/api/v1/tenants/" + third + "/domains", Map.of("domain", domain)), 409,
                "domain-claimed");
        Fixtures.problem(root().post("/api/v1/tenants/" + other + "/domains/" + domain + "/verify"), 409,
                "domain-claimed");
        assertThat(root().get("/api/v1/tenants/" + third + "/domains").json().get("totalItems").asLong()).isZero();
    }

    @Test
    void namesThatAreNotDomainsAreRefused() {
        String slug = Fixtures.tenantOn(root(), "pro").get("slug").asString();
        for (String bad : new String[] { "localhost", "<script>.example", "a..example", "10.0.0.1", "x." + BASE,
                "-bad.example", "http://billing.example" }) {
            Fixtures.invalid(root().post("/api/v1/tenants/" + slug + "/domains", Map.of("domain", bad)), "domain");
        }
        assertThat(root().get("/api/v1/tenants/" + slug + "/domains").json().get("totalItems").asLong()).isZero();
    }
}
