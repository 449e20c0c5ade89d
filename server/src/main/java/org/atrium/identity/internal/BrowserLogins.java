package org.atrium.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.identity.StaffRole;
import org.atrium.operations.Settings;
import org.atrium.platform.Actor;
import org.atrium.platform.TenantId;
import org.atrium.platform.secrets.Secrets;
import org.atrium.platform.web.ClientThrottle;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Browser sign-in for both realms: the password step, the second factor (a TOTP code or a recovery code), and
 * enrolment of the second factor.
 * <p>
 * Every refusal looks the same to the client (an unknown account, a wrong password, a locked or delayed account, a
 * deactivated one): one bcrypt comparison is made in every case, so the answer takes as long, and the reason is
 * only audited. Per client address, failures are throttled as for the API.
 */
@Service
class BrowserLogins {

    static final Duration PENDING_LIFETIME = Duration.ofMinutes(5);
    static final int MAX_EMAIL = 320;
    static final int MAX_PASSWORD = 1000;
    static final int MAX_CODE = 40;
    // A valid bcrypt hash, compared against when there is no real one, so that every refusal costs the same.
    private static final String DUMMY_HASH = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z1w0tYQnE7Jcq3xYv7Q5m1Fa";

    private final Accounts accounts;
    private final TrustedDevices devices;
    private final RecoveryCodes recoveryCodes;
    private final SecurityAlerts alerts;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;
    private final Settings settings;
    private final Secrets secrets;
    private final TransactionTemplate tx;
    private final BruteForcePolicy policy;
    private final ClientThrottle addresses;
    private final Totp totp = Totp.standard();

    BrowserLogins(Accounts accounts, TrustedDevices devices, RecoveryCodes recoveryCodes, SecurityAlerts alerts,
            PasswordEncoder passwords, AuditLog audit, Clock clock, Settings settings, Secrets secrets,
            TransactionTemplate tx, @Value("${atrium.security.max-login-failures:5}") int maxFailures,
            @Value("${atrium.security.lockout:15m}") Duration lockout,
            @Value("${atrium.security.failed-logins-per-address:20}") int failuresPerAddress,
            @Value("${atrium.security.failed-login-window:10m}") Duration failureWindow) {
        this.accounts = accounts;
        this.devices = devices;
        this.recoveryCodes = recoveryCodes;
        this.alerts = alerts;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.secrets = secrets;
        this.tx = tx;
        this.policy = new BruteForcePolicy(maxFailures, lockout);
        this.addresses = new ClientThrottle(failuresPerAddress, failureWindow);
    }

    /** What the password step leads to. */
    sealed interface Outcome {
    }

    /** Refused; {@code retryAfter} is set only when the client's address is throttled (a 429, not a 401). */
    record Refused(@Nullable Duration retryAfter) implements Outcome {
    }

    /** The password was right; a code is needed (or, with {@code mustEnrol}, an enrolment first). */
    record Pending(PendingLogin login) implements Outcome {
    }

    /** Signed in; {@code deviceToken} is the remembered-device cookie to set. */
    record SignedIn(Account account, String deviceToken) implements Outcome {
    }

    /** A new TOTP secret offered for enrolment: sealed for the session, and as the person types or scans it. */
    record Enrolment(String sealed, String base32, String otpauthUri) {
    }

    Outcome checkPassword(Realm realm, @Nullable UUID tenant, String email, String password,
            @Nullable String deviceToken, ClientInfo client) {
        Optional<Duration> blocked = addresses.check(client.address());
        if (blocked.isPresent()) {
            return new Refused(blocked.get());
        }
        if (email == null || password == null || email.length() > MAX_EMAIL || password.length() > MAX_PASSWORD
                || email.isBlank()) {
            passwords.matches("x", DUMMY_HASH);
            addresses.take(client.address());
            auditFailure(realm, tenant, email == null ? "" : truncate(email), "malformed", client);
            return new Refused(null);
        }
        Outcome outcome = tx.execute(status -> passwordStep(realm, tenant, email.trim(), password, deviceToken,
                client));
        if (outcome instanceof Refused) {
            addresses.take(client.address());
        }
        return outcome;
    }

    private Outcome passwordStep(Realm realm, @Nullable UUID tenant, String email, String password,
            @Nullable String deviceToken, ClientInfo client) {
        Instant now = clock.instant();
        Optional<Account> found = accounts.byEmail(realm, tenant, email, true);
        if (found.isEmpty()) {
            passwords.matches(password, DUMMY_HASH);
            auditFailure(realm, tenant, email, "unknown_user", client);
            return new Refused(null);
        }
        Account account = found.get();
        boolean trusted = devices.trusted(realm, account.id(), deviceToken);
        if (!trusted) {
            BruteForcePolicy.Verdict verdict = policy.verdict(account.failedAttempts(), account.lastFailedAt(),
                    account.lockedUntil(), now);
            if (verdict != BruteForcePolicy.Verdict.ALLOWED) {
                passwords.matches(password, DUMMY_HASH);
                auditFailure(realm, tenant, account.email(), verdict == BruteForcePolicy.Verdict.LOCKED ? "locked"
                        : "delayed", client);
                return new Refused(null);
            }
        }
        if (!account.active() || account.passwordHash() == null) {
            passwords.matches(password, DUMMY_HASH);
            auditFailure(realm, tenant, account.email(), account.active() ? "no_password" : "inactive", client);
            return new Refused(null);
        }
        if (!passwords.matches(password, account.passwordHash())) {
            fail(account, trusted ? deviceToken : null, "bad_password", client, now);
            return new Refused(null);
        }
        if (trusted) {
            devices.recordSuccess(deviceToken);
        }
        if (account.hasSecondFactor()) {
            return new Pending(new PendingLogin(account.id(), account.tenantId(), now, false));
        }
        if (secondFactorRequired(account)) {
            return new Pending(new PendingLogin(account.id(), account.tenantId(), now, true));
        }
        return complete(account, client, now);
    }

    /** The second step: a TOTP code, or a recovery code. */
    Outcome checkCode(Realm realm, PendingLogin pending, String code, ClientInfo client) {
        Optional<Duration> blocked = addresses.check(client.address());
        if (blocked.isPresent()) {
            return new Refused(blocked.get());
        }
        Outcome outcome = tx.execute(status -> {
            Instant now = clock.instant();
            Optional<Account> found = accounts.byId(realm, pending.tenantId(), pending.accountId(), true);
            if (found.isEmpty() || !found.get().active() || !found.get().hasSecondFactor()
                    || now.isAfter(pending.passwordCheckedAt().plus(PENDING_LIFETIME))) {
                return new Refused(null);
            }
            Account account = found.get();
            BruteForcePolicy.Verdict verdict = policy.verdict(account.failedAttempts(), account.lastFailedAt(),
                    account.lockedUntil(), now);
            if (verdict != BruteForcePolicy.Verdict.ALLOWED) {
                auditFailure(realm, account.tenantId(), account.email(), verdict.name().toLowerCase(), client);
                return new Refused(null);
            }
            String typed = code == null ? "" : code.trim();
            if (typed.length() > MAX_CODE) {
                fail(account, null, "bad_code", client, now);
                return new Refused(null);
            }
            if (typed.matches("[0-9 ]+")) {
                OptionalLong step = totp.verify(secret(account), typed, now, account.totpLastStep());
                if (step.isEmpty()) {
                    fail(account, null, "bad_code", client, now);
                    return new Refused(null);
                }
                accounts.useTotpStep(account, step.getAsLong());
            } else {
                if (!recoveryCodes.use(realm, account.id(), typed)) {
                    fail(account, null, "bad_recovery_code", client, now);
                    return new Refused(null);
                }
                record(realm, account, "recovery_code_used", client,
                        Map.of("remaining", recoveryCodes.remaining(realm, account.id())));
            }
            return complete(account, client, now);
        });
        if (outcome instanceof Refused) {
            addresses.take(client.address());
        }
        return outcome;
    }

    /** A fresh secret to enrol, sealed for this account. */
    Enrolment newEnrolment(Account account, String issuer) {
        String base32 = Base32.encode(Totp.newSecret());
        return new Enrolment(secrets.seal(base32, account.totpContext()), base32, uri(account, issuer, base32));
    }

    /** The {@code otpauth://} URI of a secret on offer (sealed for the account), for its QR code. */
    String newEnrolmentUri(Account account, String issuer, String sealed) {
        return uri(account, issuer, secrets.open(sealed, account.totpContext()));
    }

    private static String uri(Account account, String issuer, String base32) {
        String label = issuer + ":" + account.email();
        return "otpauth://totp/" + uriEncode(label) + "?secret=" + base32 + "&issuer=" + uriEncode(issuer)
                + "&algorithm=SHA1&digits=6&period=" + Totp.STEP.toSeconds();
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Confirms an enrolment with the first code from the authenticator: the second factor is on, the recovery codes
     * (returned, the only time they are shown) replace any earlier ones, and every other session and remembered
     * device of the account is ended by the caller.
     *
     * @return empty when the code does not match the offered secret
     */
    Optional<List<String>> confirmEnrolment(Realm realm, UUID accountId, @Nullable UUID tenant, String sealed,
            String code, ClientInfo client) {
        return tx.execute(status -> {
            Account account = accounts.byId(realm, tenant, accountId, true).orElseThrow();
            byte[] secret = Base32.decode(secrets.open(sealed, account.totpContext()));
            Instant now = clock.instant();
            OptionalLong step = totp.verify(secret, code, now, null);
            if (step.isEmpty()) {
                record(realm, account, "2fa_enrolment_failed", client, Map.of());
                return Optional.<List<String>>empty();
            }
            boolean reset = account.hasSecondFactor();
            accounts.enableTotp(account, sealed, step.getAsLong(), now);
            devices.forgetAll(realm, account.id());
            List<String> codes = recoveryCodes.issue(realm, account.id());
            record(realm, account, reset ? "2fa_reset" : "2fa_enrolled", client, Map.of());
            return Optional.of(codes);
        });
    }

    /** Completes a sign-in whose second factor was just enrolled (the enrolment's code was its proof). */
    SignedIn completeAfterEnrolment(Realm realm, PendingLogin pending, ClientInfo client) {
        return tx.execute(status -> {
            Account account = accounts.byId(realm, pending.tenantId(), pending.accountId(), true).orElseThrow();
            return complete(account, client, clock.instant());
        });
    }

    boolean secondFactorRequired(Account account) {
        if (account.realm() == Realm.STAFF) {
            return StaffRole.SUPER_ADMIN.code().equals(account.role()) || settings.current().security().requireStaff2fa();
        }
        return "tenant_admin".equals(account.role()) && settings.current().security().requireTenantAdmin2fa();
    }

    private SignedIn complete(Account account, ClientInfo client, Instant now) {
        accounts.recordSuccess(account, now);
        alerts.signedInFrom(account.realm(), account.id(), account.email(), client.address());
        record(account.realm(), account, "signed_in", client, Map.of());
        return new SignedIn(account, devices.remember(account.realm(), account.id()));
    }

    private void fail(Account account, @Nullable String trustedDevice, String reason, ClientInfo client,
            Instant now) {
        if (trustedDevice != null) {
            devices.recordFailure(trustedDevice, policy.maxFailures());
        } else {
            int failures = account.failedAttempts() + 1;
            Instant lockedUntil = policy.lockAfter(failures, now);
            accounts.recordFailure(account, lockedUntil == null ? failures : 0, lockedUntil, now);
            if (lockedUntil != null) {
                audit.record(AuditEntry.of(prefix(account.realm()) + ".locked", tenantOf(account), account.email(),
                        null, Map.of("lockedUntil", lockedUntil.toString(), "failedAttempts", failures,
                                "userAgent", client.userAgent())));
            }
        }
        alerts.failed(account.realm(), account.id(), account.email());
        auditFailure(account.realm(), account.tenantId(), account.email(), reason, client);
    }

    private void auditFailure(Realm realm, @Nullable UUID tenant, String email, String reason, ClientInfo client) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("reason", reason);
        after.put("email", email);
        after.put("channel", "browser");
        after.put("userAgent", client.userAgent());
        audit.record(AuditEntry.of(prefix(realm) + ".login_failed", tenant == null ? null : new TenantId(tenant),
                email, null, after));
    }

    /** Audits an event of an account, as that account. */
    void record(Realm realm, Account account, String event, ClientInfo client, Map<String, ?> details) {
        Map<String, Object> after = new LinkedHashMap<>(details);
        after.put("userAgent", client.userAgent());
        after.put("address", client.address());
        Actor actor = new Actor(realm == Realm.STAFF ? Actor.Type.STAFF : Actor.Type.TENANT_USER,
                account.id().toString(), account.email());
        Actor.callAs(actor, () -> {
            audit.record(AuditEntry.of(prefix(realm) + "." + event, tenantOf(account), account.email(), null, after));
            return null;
        });
    }

    private byte[] secret(Account account) {
        return Base32.decode(secrets.open(account.totpSecret(), account.totpContext()));
    }

    static String prefix(Realm realm) {
        return realm == Realm.STAFF ? "staff" : "tenant_user";
    }

    private static @Nullable TenantId tenantOf(Account account) {
        return account.tenantId() == null ? null : new TenantId(account.tenantId());
    }

    private static String truncate(String s) {
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private static String uriEncode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
