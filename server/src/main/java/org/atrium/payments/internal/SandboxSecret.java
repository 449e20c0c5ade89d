package org.atrium.payments.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;

import org.atrium.platform.secrets.Secrets;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The secret the sandbox gateway signs its webhooks with: made once, stored sealed, the same on every node. A fixed
 * default would let anyone who read the source forge a sandbox payment.
 */
@Component
class SandboxSecret {

    private static final String CONTEXT = "sandbox-gateway:webhook-secret";

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final Clock clock;
    private volatile @Nullable String secret;

    SandboxSecret(JdbcClient jdbc, Secrets secrets, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
    }

    String get() {
        String known = secret;
        if (known != null) {
            return known;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        jdbc.sql("""
                insert into sandbox_gateway_secrets (name, sealed, created_at) values ('webhook', :sealed, :now)
                on conflict (name) do nothing""")
                .param("sealed", secrets.seal("whsec_" + HexFormat.of().formatHex(random), CONTEXT))
                .param("now", Timestamp.from(clock.instant())).update();
        String sealed = jdbc.sql("select sealed from sandbox_gateway_secrets where name = 'webhook'")
                .query(String.class).single();
        known = secrets.open(sealed, CONTEXT);
        secret = known;
        return known;
    }
}
