package org.atrium.identity.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Signed-in browser sessions, kept by Spring Session in PostgreSQL and indexed by realm and account, so that a
 * person can list theirs (device, address, last seen) and end any or all, and a password change or a 2FA reset
 * ends every other one.
 */
@Component
class BrowserSessions {

    static final String ADDRESS = "atrium.client.address";
    static final String AGENT = "atrium.client.agent";

    private final FindByIndexNameSessionRepository<? extends Session> repository;

    BrowserSessions(FindByIndexNameSessionRepository<? extends Session> repository) {
        this.repository = repository;
    }

    /** One of an account's sessions as its owner sees it; {@code handle} names it without being its id. */
    record SessionView(String handle, String address, String device, Instant signedInAt, Instant lastSeen,
            boolean current, boolean impersonation) {
    }

    /**
     * Makes the request's session a signed-in one: a new session id (no fixation), the identity, the index entry
     * and what the session list shows; the half-done login is dropped.
     */
    void signIn(HttpServletRequest request, SessionIdentity identity, ClientInfo client) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.removeAttribute(identity.realm().pendingAttribute());
        session.setAttribute(identity.realm().identityAttribute(), identity);
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
                identity.realm().principalName(identity.accountId()));
        session.setAttribute(ADDRESS, client.address());
        session.setAttribute(AGENT, client.userAgent());
    }

    List<SessionView> list(Realm realm, UUID account, @Nullable String currentId) {
        List<SessionView> views = new ArrayList<>();
        for (Map.Entry<String, ? extends Session> e : find(realm, account).entrySet()) {
            Session s = e.getValue();
            SessionIdentity identity = s.getAttribute(realm.identityAttribute());
            if (identity == null || s.isExpired()) {
                continue;
            }
            String address = s.getAttribute(ADDRESS);
            String agent = s.getAttribute(AGENT);
            views.add(new SessionView(handle(s.getId()), address == null ? "" : address, agent == null ? "" : agent,
                    identity.signedInAt(), s.getLastAccessedTime(), s.getId().equals(currentId),
                    identity.impersonationId() != null));
        }
        views.sort(Comparator.comparing(SessionView::lastSeen).reversed());
        return views;
    }

    /** Ends one of the account's sessions by its handle; false when it has none by that handle. */
    boolean revoke(Realm realm, UUID account, String handle) {
        for (String id : find(realm, account).keySet()) {
            if (handle(id).equals(handle)) {
                repository.deleteById(id);
                return true;
            }
        }
        return false;
    }

    /** Ends every session of the account but {@code keepId} (null: all); returns how many ended. */
    int revokeAll(Realm realm, UUID account, @Nullable String keepId) {
        int ended = 0;
        for (String id : find(realm, account).keySet()) {
            if (!id.equals(keepId)) {
                repository.deleteById(id);
                ended++;
            }
        }
        return ended;
    }

    boolean exists(String sessionId) {
        Session s = repository.findById(sessionId);
        return s != null && !s.isExpired();
    }

    void delete(String sessionId) {
        repository.deleteById(sessionId);
    }

    private Map<String, ? extends Session> find(Realm realm, UUID account) {
        return repository.findByPrincipalName(realm.principalName(account));
    }

    /** A session's public name: a prefix of the SHA-256 of its id, which a page may show and a form may send. */
    static String handle(String sessionId) {
        return Tokens.hash(sessionId).substring(0, 24);
    }
}
