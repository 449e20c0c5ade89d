package org.atrium.identity.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.atrium.platform.ProblemException;
import org.atrium.platform.web.ClientThrottle;

/**
 * Failed authentications counted twice: per client address and credential (the first characters of the key, or
 * the login email), and per client address alone with a higher ceiling.
 * <p>
 * The first stops one credential being tried again and again without locking out the other clients behind the same
 * address (a NAT, an office, a product's backend with several keys): a client with a stale key is refused, its
 * neighbours with valid keys are not. The second stops one client that tries many credentials, each of which it
 * tries only once (random keys, a list of emails): past the ceiling every request with credentials from that
 * address is refused, right or wrong.
 */
final class FailedAuthentications {

    /** How much of a presented key names it: {@code atr_sk_} and six characters, as a key's stored prefix does. */
    static final int KEY_PREFIX_LENGTH = ApiKeySecrets.PREFIX.length() + 6;

    private final ClientThrottle perCredential;
    private final ClientThrottle perAddress;

    FailedAuthentications(int perCredentialLimit, int perAddressLimit, Duration window) {
        if (perAddressLimit < perCredentialLimit) {
            throw new IllegalArgumentException("atrium.security.failed-logins-per-address (" + perAddressLimit
                    + ") must be at least atrium.security.failed-logins-per-credential (" + perCredentialLimit + ")");
        }
        this.perCredential = new ClientThrottle(perCredentialLimit, window);
        this.perAddress = new ClientThrottle(perAddressLimit, window);
    }

    /** What names a credential for counting: a key's first characters, a login's email, or the scheme alone. */
    static String credentialOf(String authorizationHeader) {
        if (authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorizationHeader.substring(7).trim();
            return "key:" + key.substring(0, Math.min(key.length(), KEY_PREFIX_LENGTH));
        }
        if (authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(authorizationHeader.substring(6)
                        .trim()), java.nio.charset.StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return "login:" + (colon < 0 ? decoded : decoded.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return "login:";
            }
        }
        return "other";
    }

    /**
     * Whether credentials from this address may be checked: empty when they may, else the 429 that refuses them.
     * Checking uses no allowance.
     */
    Optional<ProblemException> refusal(String address, String credential) {
        Optional<Duration> addressWait = perAddress.check(address);
        if (addressWait.isPresent()) {
            return Optional.of(perAddress.refusal("too-many-failed-logins",
                    "Too many failed authentications from this address; retry in %d seconds"
                            .formatted(addressWait.get().toSeconds()), addressWait.get()));
        }
        Optional<Duration> credentialWait = perCredential.check(key(address, credential));
        return credentialWait.map(wait -> perCredential.refusal("too-many-failed-logins",
                "Too many failed authentications with this credential from this address; retry in %d seconds"
                        .formatted(wait.toSeconds()), wait));
    }

    /** Counts one failed authentication against both allowances. */
    void failed(String address, String credential) {
        perCredential.take(key(address, credential));
        perAddress.take(address);
    }

    private static String key(String address, String credential) {
        return address + '\n' + credential;
    }
}
