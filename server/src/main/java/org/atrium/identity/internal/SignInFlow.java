package org.atrium.identity.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The sign-in pages' steps, the same in both realms: password, then a code (or the enrolment of a second factor
 * that the account must have), then a signed-in session. Each realm's controller supplies its base path and, in
 * the portal, the tenant.
 */
@Component
class SignInFlow {

    static final String REFUSED = "The email or password is not right, or this account cannot sign in now.";
    static final String CODE_REFUSED = "That code is not right, or was already used.";
    private static final String ENROL_SECRET = "atrium.enrol.secret";

    private final BrowserLogins logins;
    private final BrowserSessions sessions;
    private final Accounts accounts;
    private final boolean secureCookies;
    private final String issuer;

    SignInFlow(BrowserLogins logins, BrowserSessions sessions, Accounts accounts,
            @Value("${atrium.session.cookie-secure:true}") boolean secureCookies,
            @Value("${atrium.notifications.platform-name:Atrium}") String issuer) {
        this.logins = logins;
        this.sessions = sessions;
        this.accounts = accounts;
        this.secureCookies = secureCookies;
        this.issuer = issuer;
    }

    /** Where a realm's pages are: its base path, its name, and the tenant of a portal. */
    record Place(Realm realm, String base, String title, @Nullable UUID tenant) {
    }

    String loginPage(Place place, Model model) {
        model.addAttribute("place", place);
        return "identity/login";
    }

    String login(Place place, HttpServletRequest request, HttpServletResponse response, String email,
            String password, Model model) {
        ClientInfo client = ClientInfo.of(request);
        BrowserLogins.Outcome outcome = logins.checkPassword(place.realm(), place.tenant(), email, password,
                deviceToken(request, place.realm()), client);
        return after(place, outcome, request, response, model, REFUSED, "identity/login");
    }

    String codePage(Place place, HttpServletRequest request, Model model) {
        PendingLogin pending = pending(request, place.realm());
        if (pending == null || pending.mustEnrol()) {
            return "redirect:" + place.base() + "/login";
        }
        model.addAttribute("place", place);
        return "identity/code";
    }

    String code(Place place, HttpServletRequest request, HttpServletResponse response, String code, Model model) {
        PendingLogin pending = pending(request, place.realm());
        if (pending == null || pending.mustEnrol()) {
            return "redirect:" + place.base() + "/login";
        }
        BrowserLogins.Outcome outcome = logins.checkCode(place.realm(), pending, code, ClientInfo.of(request));
        return after(place, outcome, request, response, model, CODE_REFUSED, "identity/code");
    }

    /** The enrolment page of a sign-in that must enrol first, or of a signed-in account that chooses to. */
    String enrolPage(Place place, HttpServletRequest request, Model model, @Nullable Account signedIn) {
        Account account = signedIn != null ? signedIn : pendingAccount(place, request);
        if (account == null) {
            return "redirect:" + place.base() + "/login";
        }
        BrowserLogins.Enrolment enrolment = logins.newEnrolment(account, issuer);
        request.getSession().setAttribute(ENROL_SECRET, enrolment.sealed());
        model.addAttribute("place", place);
        model.addAttribute("secret", enrolment.base32());
        model.addAttribute("uri", enrolment.otpauthUri());
        model.addAttribute("action", signedIn != null ? place.base() + "/account/2fa" : place.base() + "/login/enrol");
        model.addAttribute("qr", signedIn != null ? place.base() + "/account/2fa/qr.svg"
                : place.base() + "/login/enrol/qr.svg");
        return "identity/enrol";
    }

    /** The QR code of the secret on offer in this session, or null when none is. */
    @Nullable
    String qr(Place place, HttpServletRequest request, @Nullable Account signedIn) {
        HttpSession session = request.getSession(false);
        Account account = signedIn != null ? signedIn : pendingAccount(place, request);
        if (session == null || account == null || !(session.getAttribute(ENROL_SECRET) instanceof String sealed)) {
            return null;
        }
        String uri = logins.newEnrolmentUri(account, issuer, sealed);
        return QrCodes.svg(uri);
    }

    /** Confirms an enrolment with its first code; on success shows the recovery codes once. */
    String enrol(Place place, HttpServletRequest request, HttpServletResponse response, String code, Model model,
            @Nullable Account signedIn) {
        HttpSession session = request.getSession(false);
        PendingLogin pending = pending(request, place.realm());
        Account account = signedIn != null ? signedIn : pendingAccount(place, request);
        if (session == null || account == null || !(session.getAttribute(ENROL_SECRET) instanceof String sealed)) {
            return "redirect:" + place.base() + "/login";
        }
        ClientInfo client = ClientInfo.of(request);
        Optional<List<String>> codes = logins.confirmEnrolment(place.realm(), account.id(), account.tenantId(),
                sealed, code, client);
        if (codes.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", CODE_REFUSED);
            return enrolPage(place, request, model, signedIn);
        }
        session.removeAttribute(ENROL_SECRET);
        if (signedIn == null && pending != null) {
            BrowserLogins.SignedIn done = logins.completeAfterEnrolment(place.realm(), pending, client);
            signIn(place, request, response, done);
        } else {
            sessions.revokeAll(place.realm(), account.id(), request.getSession().getId());
        }
        model.addAttribute("place", place);
        model.addAttribute("codes", codes.get());
        return "identity/recovery-codes";
    }

    void signOut(Place place, HttpServletRequest request, @Nullable Account account) {
        HttpSession session = request.getSession(false);
        if (account != null) {
            logins.record(place.realm(), account, "signed_out", ClientInfo.of(request), java.util.Map.of());
        }
        if (session != null) {
            session.invalidate();
        }
    }

    /** Signs the request's session in as the account (after a completed sign-in or an opened impersonation). */
    void signIn(Place place, HttpServletRequest request, HttpServletResponse response, BrowserLogins.SignedIn done) {
        sessions.signIn(request, new SessionIdentity(place.realm(), done.account().id(), done.account().tenantId(),
                logins.now(), null), ClientInfo.of(request));
        ResponseCookie device = ResponseCookie.from(place.realm().deviceCookie(), done.deviceToken())
                .path(place.base()).httpOnly(true).secure(secureCookies).sameSite("Strict")
                .maxAge(TrustedDevices.LIFETIME).build();
        response.addHeader(HttpHeaders.SET_COOKIE, device.toString());
    }

    private String after(Place place, BrowserLogins.Outcome outcome, HttpServletRequest request,
            HttpServletResponse response, Model model, String refusal, String refusedView) {
        model.addAttribute("place", place);
        if (outcome instanceof BrowserLogins.Pending pending) {
            HttpSession session = request.getSession(true);
            request.changeSessionId();
            session.setAttribute(place.realm().pendingAttribute(), pending.login());
            return "redirect:" + place.base() + (pending.login().mustEnrol() ? "/login/enrol" : "/login/code");
        }
        if (outcome instanceof BrowserLogins.SignedIn done) {
            signIn(place, request, response, done);
            return "redirect:" + place.base();
        }
        BrowserLogins.Refused refused = (BrowserLogins.Refused) outcome;
        if (refused.retryAfter() != null) {
            response.setStatus(429);
            response.setHeader("Retry-After", String.valueOf(refused.retryAfter().toSeconds()));
            model.addAttribute("error", "Too many failed sign-ins from your address; try again in %d seconds."
                    .formatted(refused.retryAfter().toSeconds()));
        } else {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("error", refusal);
        }
        return refusedView;
    }

    private @Nullable PendingLogin pending(HttpServletRequest request, Realm realm) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(realm.pendingAttribute()) instanceof PendingLogin pending)) {
            return null;
        }
        if (logins.now().isAfter(pending.passwordCheckedAt().plus(BrowserLogins.PENDING_LIFETIME))) {
            session.removeAttribute(realm.pendingAttribute());
            return null;
        }
        return pending;
    }

    private @Nullable Account pendingAccount(Place place, HttpServletRequest request) {
        PendingLogin pending = pending(request, place.realm());
        if (pending == null || !pending.mustEnrol()) {
            return null;
        }
        return accounts.byId(place.realm(), pending.tenantId(), pending.accountId(), false).orElse(null);
    }

    private static @Nullable String deviceToken(HttpServletRequest request, Realm realm) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (realm.deviceCookie().equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

}
