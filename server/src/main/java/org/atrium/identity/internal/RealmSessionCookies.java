package org.atrium.identity.internal;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.session.web.http.HttpSessionIdResolver;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One session cookie per realm, each scoped to its realm's paths: {@code ATRIUM_HQ} on {@code /hq}, and
 * {@code ATRIUM_PORTAL} on the tenant's portal ({@code /t/<slug>/portal}, or {@code /portal} on the tenant's own
 * host). A browser therefore never sends one realm's cookie to the other, and a tenant's portal cookie never
 * reaches another tenant's portal. Everything else (the API above all) has no session at all.
 * <p>
 * Cookies are {@code HttpOnly}, {@code SameSite=Lax} and, unless configured off for plain-HTTP development,
 * {@code Secure}.
 */
final class RealmSessionCookies implements HttpSessionIdResolver {

    private final boolean secure;

    RealmSessionCookies(boolean secure) {
        this.secure = secure;
    }

    /** The realm and cookie path of a request, or null for a path outside both realms. */
    record Scope(Realm realm, String path) {
    }

    static @Nullable Scope scope(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        if (uri.equals("/hq") || uri.startsWith("/hq/")) {
            return new Scope(Realm.STAFF, "/hq");
        }
        if (uri.startsWith("/t/")) {
            int slugEnd = uri.indexOf('/', 3);
            if (slugEnd > 3 && (uri.startsWith("/portal/", slugEnd) || uri.equals(uri.substring(0, slugEnd) + "/portal"))) {
                return new Scope(Realm.TENANT, uri.substring(0, slugEnd) + "/portal");
            }
            return null;
        }
        if (uri.equals("/portal") || uri.startsWith("/portal/")) {
            return new Scope(Realm.TENANT, "/portal");
        }
        return null;
    }

    @Override
    public List<String> resolveSessionIds(HttpServletRequest request) {
        Scope scope = scope(request);
        Cookie[] cookies = request.getCookies();
        if (scope == null || cookies == null) {
            return List.of();
        }
        String name = scope.realm().cookie();
        java.util.ArrayList<String> ids = new java.util.ArrayList<>(1);
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                ids.add(cookie.getValue());
            }
        }
        return ids;
    }

    @Override
    public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        Scope scope = scope(request);
        if (scope == null) {
            return;
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(scope, sessionId, null).toString());
    }

    @Override
    public void expireSession(HttpServletRequest request, HttpServletResponse response) {
        Scope scope = scope(request);
        if (scope == null) {
            return;
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(scope, "", Duration.ZERO).toString());
    }

    private ResponseCookie cookie(Scope scope, String value, @Nullable Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(scope.realm().cookie(), value)
                .path(scope.path()).httpOnly(true).secure(secure).sameSite("Lax");
        if (maxAge != null) {
            builder.maxAge(maxAge);
        }
        return builder.build();
    }
}
