package org.atrium.identity.internal;

import java.security.SecureRandom;
import java.util.HashSet;

import org.atrium.identity.StaffRole;
import org.atrium.platform.Permissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On first start, creates the owner (super_admin) and a platform API key, from the environment when given and
 * otherwise random, printed once. Runs under an advisory lock so that several nodes starting together create one.
 */
@Component
@Order(10)
class IdentityBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final StaffAccountService staff;
    private final PlatformApiKeyService keys;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String ownerEmail;
    private final String ownerPassword;
    private final String apiKey;

    IdentityBootstrap(StaffAccountService staff, PlatformApiKeyService keys, JdbcClient jdbc, TransactionTemplate tx,
            @Value("${atrium.bootstrap.owner-email:}") String ownerEmail,
            @Value("${atrium.bootstrap.owner-password:}") String ownerPassword,
            @Value("${atrium.bootstrap.api-key:}") String apiKey) {
        this.staff = staff;
        this.keys = keys;
        this.jdbc = jdbc;
        this.tx = tx;
        this.ownerEmail = ownerEmail;
        this.ownerPassword = ownerPassword;
        this.apiKey = apiKey;
    }

    @Override
    public void run(ApplicationArguments args) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("select pg_advisory_xact_lock(7243001)").query(Object.class).optional();
            StringBuilder banner = new StringBuilder();
            if (!staff.anyExists()) {
                String email = ownerEmail.isBlank() ? "owner@atrium.local" : ownerEmail;
                String password = ownerPassword.isBlank() ? random(20) : ownerPassword;
                staff.create(email, "Owner", password, StaffRole.SUPER_ADMIN);
                banner.append("\n  Owner account:    ").append(email);
                if (ownerPassword.isBlank()) {
                    banner.append("\n  Owner password:   ").append(password);
                }
            }
            if (!keys.anyExists()) {
                String secret = apiKey.isBlank() ? ApiKeySecrets.generate() : apiKey;
                keys.insert("Bootstrap key", new HashSet<>(Permissions.ALL), null, secret);
                banner.append("\n  Platform API key: ").append(apiKey.isBlank() ? secret : ApiKeySecrets.displayPrefix(secret) + "… (from ATRIUM_BOOTSTRAP_API_KEY)");
            }
            if (!banner.isEmpty()) {
                log.warn("""

                        ================================================================
                          Atrium first start: credentials created.{}
                          They are shown only this once; only their hashes are stored.
                        ================================================================""", banner);
            }
        });
    }

    private static String random(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
