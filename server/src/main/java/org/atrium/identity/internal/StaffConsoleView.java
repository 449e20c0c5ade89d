package org.atrium.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.atrium.identity.StaffConsole;
import org.atrium.identity.StaffRole;
import org.atrium.platform.Actor;
import org.springframework.stereotype.Component;

/** {@link StaffConsole} from the session's staff account, read again on every call (as the session filter does). */
@Component
class StaffConsoleView implements StaffConsole {

    private final Accounts accounts;
    private final BrowserSessions sessions;
    private final BrowserLogins logins;

    StaffConsoleView(Accounts accounts, BrowserSessions sessions, BrowserLogins logins) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.logins = logins;
    }

    @Override
    public Optional<Me> current() {
        return account().map(a -> {
            StaffRole role = StaffRole.fromCode(a.role());
            return new Me(a.name(), a.email(), role, role.permissions(), a.hasSecondFactor(),
                    logins.secondFactorRequired(a));
        });
    }

    @Override
    public List<SignedIn> sessions(String sessionId) {
        return account().map(a -> sessions.list(Realm.STAFF, a.id(), sessionId).stream()
                .map(s -> new SignedIn(s.device(), s.address(), s.signedInAt(), s.lastSeen(), s.current())).toList())
                .orElse(List.of());
    }

    private Optional<Account> account() {
        return Actor.currentIfAuthenticated().filter(a -> a.type() == Actor.Type.STAFF)
                .flatMap(a -> accounts.byId(Realm.STAFF, null, UUID.fromString(a.id()), false));
    }
}
