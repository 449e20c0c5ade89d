package org.atrium.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HttpBrowser;
import org.atrium.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The HQ's audit log page: filters, and the chain's verification on demand. */
@AtriumIntegrationTest
class AuditPagesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Test
    void anAnalystFiltersTheLogAndVerifiesTheChain() {
        String email = StaffSignIn.create(port, "analyst");
        HttpBrowser analyst = StaffSignIn.signIn(port, email, clock);

        HttpBrowser.Page signIns = analyst.get("/hq/audit?type=staff.signed_*");
        assertThat(signIns.status()).isEqualTo(200);
        assertThat(signIns.body()).contains("staff.signed_in").doesNotContain("<td>tenant.created</td>");
        assertThat(analyst.get("/hq/audit?type=staff.created").body()).contains(email);

        HttpBrowser.Page verified = analyst.post("/hq/audit/verify", Map.of());
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.body()).contains("The chain is intact").contains("rows checked");
        assertThat(analyst.postWithoutCsrf("/hq/audit/verify", Map.of()).status()).isEqualTo(403);

        HttpBrowser.Page bad = analyst.get("/hq/audit?tenant=acme");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("role=\"alert\"").contains("must be a tenant id");
    }
}
