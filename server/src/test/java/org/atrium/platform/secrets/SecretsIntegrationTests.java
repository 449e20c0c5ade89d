package org.atrium.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.atrium.platform.Permissions;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@AtriumIntegrationTest
class SecretsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Secrets secrets;

    @Test
    void theApplicationSealsWithTheConfiguredMasterKey() {
        // TestDatabase configures 32 bytes of 0x07; a Secrets made from the same key opens what the bean sealed.
        Secrets same = new Secrets(MasterKey.parseAll("BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="));

        assertThat(same.open(secrets.seal("sk_test_abc", "ctx"), "ctx")).isEqualTo("sk_test_abc");
    }

    @Test
    void staffWithSettingsPermissionResealAndOthersAreRefused() {
        Api.Response resealed = Api.asRoot(port).post("/api/v1/secrets/reseal");
        assertThat(resealed.status()).as(resealed.toString()).isEqualTo(200);
        assertThat(resealed.json().get("primaryKeyId").asString()).isEqualTo(secrets.primaryKeyId());

        String reader = Fixtures.apiKey(Api.asRoot(port), Permissions.TENANTS_READ);
        assertThat(Api.anonymous(port).withBearer(reader).post("/api/v1/secrets/reseal").status()).isEqualTo(403);
        assertThat(Api.anonymous(port).post("/api/v1/secrets/reseal").status()).isEqualTo(401);
    }
}
