package org.atrium.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.notifications.NotificationRequest;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.Notifications;
import org.atrium.platform.Actor;
import org.atrium.platform.ProblemException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A staff member who forgot their password asks the HQ for a link: mailed to the account's address only, usable
 * once, for 30 minutes, the same answer whether or not the address has an account. The new password passes the
 * same policy as every other, and setting it ends every session of the account and forgets its remembered devices.
 * The second factor stays as it was: the next sign-in still asks for a code.
 */
@Service
class StaffPasswordResets {

    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final PasswordLinks links;
    private final Clock clock;
    private final AuditLog audit;
    private final Accounts accounts;
    private final Notifications notifications;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final BrowserSessions sessions;
    private final TrustedDevices devices;
    private final String publicUrl;

    StaffPasswordResets(PasswordLinks links, Clock clock, AuditLog audit, Accounts accounts, Notifications notifications,
            PasswordEncoder passwords, PasswordPolicy policy, BrowserSessions sessions, TrustedDevices devices,
            @Value("${atrium.public-url:http://localhost:8080}") String publicUrl) {
        this.links = links;
        this.clock = clock;
        this.audit = audit;
        this.accounts = accounts;
        this.notifications = notifications;
        this.passwords = passwords;
        this.policy = policy;
        this.sessions = sessions;
        this.devices = devices;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** Mails a reset link if the address is an active staff account; the caller answers the same either way. */
    @Transactional
    void request(String email) {
        if (email == null || email.isBlank() || email.length() > BrowserLogins.MAX_EMAIL) {
            return;
        }
        Optional<Account> account = accounts.byEmail(Realm.STAFF, null, email.trim(), false).filter(Account::active);
        audit.record(AuditEntry.of("staff.password_reset_requested", null, email.trim(), null,
                Map.of("known", account.isPresent())));
        account.ifPresent(this::mailLink);
    }

    /** Whether a reset link is live (for showing its form). */
    boolean linkValid(String token) {
        return links.live(Realm.STAFF, null, token);
    }

    /**
     * Uses a reset link: the new password replaces the old one, every session of the account ends, every
     * remembered device is forgotten, and no link of the account works again. A password the policy refuses
     * leaves the link usable.
     */
    @Transactional
    void complete(String token, String password) {
        PasswordLinks.Claim claim = links.claim(Realm.STAFF, null, token).orElseThrow(StaffPasswordResets::invalidLink);
        Account account = accounts.byId(Realm.STAFF, null, claim.account(), true).filter(Account::active)
                .orElseThrow(StaffPasswordResets::invalidLink);
        policy.check(password, account.email());
        links.spendAll(Realm.STAFF, account.id());
        accounts.setPasswordHash(account, passwords.encode(password));
        sessions.revokeAll(Realm.STAFF, account.id(), null);
        devices.forgetAll(Realm.STAFF, account.id());
        Actor.callAs(new Actor(Actor.Type.STAFF, account.id().toString(), account.email()), () -> {
            audit.record(AuditEntry.of("staff.password_reset_completed", null, account.email(), null,
                    Map.of("staffId", account.id().toString())));
            return null;
        });
    }

    private void mailLink(Account account) {
        Instant expires = clock.instant().plus(LIFETIME);
        String token = links.issue(Realm.STAFF, null, account.id(), "reset", expires);
        notifications.enqueue(new NotificationRequest("password-link:" + Tokens.hash(token), null,
                NotificationType.PASSWORD_RESET_LINK, account.email(),
                Map.of("link", publicUrl + "/hq/password-reset/" + token, "expiresAt", expires.toString())));
    }

    private static ProblemException invalidLink() {
        return ProblemException.badRequest("invalid-token",
                "This link is not valid: it was used, replaced or has expired");
    }
}
