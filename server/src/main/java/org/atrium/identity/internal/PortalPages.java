package org.atrium.identity.internal;

import java.util.Map;
import java.util.UUID;

import org.atrium.entitlements.Entitlements;
import org.atrium.identity.ImpersonationContext;
import org.atrium.identity.Impersonations;
import org.atrium.identity.TenantRole;
import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A tenant's portal sign-in pages and identity's pages in the portal's shell: the team (invite, resend, revoke,
 * change roles, remove) for admins, the user's security (sessions, 2FA, past impersonations), password reset and
 * invitation acceptance. The portal's home and the rest of its pages are the {@code portal} module's. Every route answers on {@code /t/<slug>/portal} and on
 * {@code /portal} of the tenant's own host; the tenant comes from the security chain, which has already refused a
 * session of another tenant.
 */
@Controller
class PortalPages {

    private final SignInFlow flow;
    private final Accounts accounts;
    private final BrowserSessions sessions;
    private final TenantUsers users;
    private final ImpersonationService impersonations;
    private final BrowserLogins logins;
    private final Entitlements entitlements;

    PortalPages(SignInFlow flow, Accounts accounts, BrowserSessions sessions, TenantUsers users,
            ImpersonationService impersonations, BrowserLogins logins, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.flow = flow;
        this.accounts = accounts;
        this.sessions = sessions;
        this.users = users;
        this.impersonations = impersonations;
        this.logins = logins;
    }

    @GetMapping({ "/t/{slug}/portal/login", "/portal/login" })
    String loginPage(HttpServletRequest request, Model model) {
        return principal() != null ? "redirect:" + place(request).base() : flow.loginPage(place(request), model);
    }

    @PostMapping({ "/t/{slug}/portal/login", "/portal/login" })
    String login(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        return flow.login(place(request), request, response, email, password, model);
    }

    @GetMapping({ "/t/{slug}/portal/login/code", "/portal/login/code" })
    String codePage(HttpServletRequest request, Model model) {
        return flow.codePage(place(request), request, model);
    }

    @PostMapping({ "/t/{slug}/portal/login/code", "/portal/login/code" })
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return flow.code(place(request), request, response, code, model);
    }

    @GetMapping({ "/t/{slug}/portal/login/enrol", "/portal/login/enrol" })
    String enrolPage(HttpServletRequest request, Model model) {
        return flow.enrolPage(place(request), request, model, null);
    }

    @GetMapping({ "/t/{slug}/portal/login/enrol/qr.svg", "/portal/login/enrol/qr.svg" })
    ResponseEntity<String> enrolQr(HttpServletRequest request) {
        return svg(flow.qr(place(request), request, null));
    }

    @PostMapping({ "/t/{slug}/portal/login/enrol", "/portal/login/enrol" })
    String enrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return flow.enrol(place(request), request, response, code, model, null);
    }

    /** The team (admins): members and their roles, invitations. */
    @GetMapping({ "/t/{slug}/portal/team", "/portal/team" })
    String team(HttpServletRequest request, Model model) {
        TenantPrincipal me = requirePermission(TenantPermissions.TEAM_MANAGE);
        model.addAttribute("place", place(request));
        model.addAttribute("me", account(me));
        model.addAttribute("roles", TenantRole.values());
        model.addAttribute("team", users.list(me.tenant()));
        model.addAttribute("invitations", users.invitations(me.tenant()).stream()
                .filter(i -> i.open(logins.now())).toList());
        return "identity/portal-team";
    }

    /** The user's own security: sessions, two-factor authentication, and for admins past impersonations. */
    @GetMapping({ "/t/{slug}/portal/security", "/portal/security" })
    String security(HttpServletRequest request, Model model) {
        TenantPrincipal me = required();
        Account account = account(me);
        model.addAttribute("place", place(request));
        model.addAttribute("me", account);
        model.addAttribute("impersonating", me.impersonationContext() != null);
        model.addAttribute("twoFactor", account.hasSecondFactor());
        model.addAttribute("sessions", sessions.list(Realm.TENANT, me.userId(), request.getSession().getId()));
        boolean admin = me.may(TenantPermissions.TEAM_MANAGE);
        model.addAttribute("admin", admin);
        if (admin) {
            model.addAttribute("impersonations", impersonations.list(me.tenant()));
        }
        return "identity/portal-security";
    }

    @PostMapping({ "/t/{slug}/portal/logout", "/portal/logout" })
    String logout(HttpServletRequest request) {
        TenantPrincipal me = principal();
        SignInFlow.Place place = place(request);
        if (me != null && me.impersonationContext() != null) {
            impersonations.end(me.tenant(), me.impersonationContext().id(), "ended");
        }
        flow.signOut(place, request, me == null || me.impersonationContext() != null ? null : account(me));
        return "redirect:" + place.base() + "/login";
    }

    @PostMapping({ "/t/{slug}/portal/team/invitations", "/portal/team/invitations" })
    String invite(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String role,
            HttpServletRequest request) {
        TenantPrincipal me = teamWrite();
        users.invite(me.tenant(), email, role, me.actor().display());
        return "redirect:" + place(request).base() + "/team";
    }

    @PostMapping({ "/t/{slug}/portal/team/invitations/{id}/resend", "/portal/team/invitations/{id}/resend" })
    String resend(@PathVariable UUID id, HttpServletRequest request) {
        users.resend(teamWrite().tenant(), id);
        return "redirect:" + place(request).base() + "/team";
    }

    @PostMapping({ "/t/{slug}/portal/team/invitations/{id}/revoke", "/portal/team/invitations/{id}/revoke" })
    String revokeInvitation(@PathVariable UUID id, HttpServletRequest request) {
        users.revokeInvitation(teamWrite().tenant(), id);
        return "redirect:" + place(request).base() + "/team";
    }

    @PostMapping({ "/t/{slug}/portal/team/users/{id}/role", "/portal/team/users/{id}/role" })
    String changeRole(@PathVariable UUID id, @RequestParam(defaultValue = "") String role,
            HttpServletRequest request) {
        users.changeRole(teamWrite().tenant(), id, role);
        return "redirect:" + place(request).base() + "/team";
    }

    @PostMapping({ "/t/{slug}/portal/team/users/{id}/remove", "/portal/team/users/{id}/remove" })
    String remove(@PathVariable UUID id, HttpServletRequest request) {
        TenantPrincipal me = teamWrite();
        if (id.equals(me.userId())) {
            throw ProblemException.conflict("self-removal", "You cannot remove yourself from the team");
        }
        users.remove(me.tenant(), id);
        return "redirect:" + place(request).base() + "/team";
    }

    @PostMapping({ "/t/{slug}/portal/sessions/{handle}/revoke", "/portal/sessions/{handle}/revoke" })
    String revokeSession(@PathVariable String handle, HttpServletRequest request) {
        TenantPrincipal me = required();
        if (sessions.revoke(Realm.TENANT, me.userId(), handle)) {
            logins.record(Realm.TENANT, account(me), "session_revoked", ClientInfo.of(request),
                    Map.of("session", handle));
        }
        return "redirect:" + place(request).base() + "/security";
    }

    @PostMapping({ "/t/{slug}/portal/sessions/revoke-others", "/portal/sessions/revoke-others" })
    String revokeOthers(HttpServletRequest request) {
        TenantPrincipal me = required();
        int ended = sessions.revokeAll(Realm.TENANT, me.userId(), request.getSession().getId());
        logins.record(Realm.TENANT, account(me), "session_revoked", ClientInfo.of(request), Map.of("ended", ended));
        return "redirect:" + place(request).base() + "/security";
    }

    @GetMapping({ "/t/{slug}/portal/account/2fa", "/portal/account/2fa" })
    String accountEnrolPage(HttpServletRequest request, Model model) {
        return flow.enrolPage(place(request), request, model, account(notImpersonating()));
    }

    @GetMapping({ "/t/{slug}/portal/account/2fa/qr.svg", "/portal/account/2fa/qr.svg" })
    ResponseEntity<String> accountEnrolQr(HttpServletRequest request) {
        return svg(flow.qr(place(request), request, account(notImpersonating())));
    }

    @PostMapping({ "/t/{slug}/portal/account/2fa", "/portal/account/2fa" })
    String accountEnrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return flow.enrol(place(request), request, response, code, model, account(notImpersonating()));
    }

    /** Asking for a reset link answers the same whether or not the address has an account. */
    @GetMapping({ "/t/{slug}/portal/password-reset", "/portal/password-reset" })
    String resetRequestPage(HttpServletRequest request, Model model) {
        notImpersonatingIfSignedIn();
        model.addAttribute("place", place(request));
        return "identity/reset-request";
    }

    @PostMapping({ "/t/{slug}/portal/password-reset", "/portal/password-reset" })
    String resetRequest(@RequestParam(defaultValue = "") String email, HttpServletRequest request, Model model) {
        notImpersonatingIfSignedIn();
        users.requestPasswordReset(tenant(request).id(), email);
        model.addAttribute("place", place(request));
        model.addAttribute("sent", true);
        return "identity/reset-request";
    }

    @GetMapping({ "/t/{slug}/portal/password-reset/{token}", "/portal/password-reset/{token}" })
    String resetPage(@PathVariable String token, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        model.addAttribute("token", token);
        notImpersonatingIfSignedIn();
        model.addAttribute("place", place(request));
        if (!users.passwordLinkValid(tenant(request).id(), token)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("invalid", true);
        }
        return "identity/reset-password";
    }

    /**
     * Uses a password link, then leads to the sign-in page with the address filled in (carried in the session, not
     * the URL). The first password of a signup's admin also confirms the address. The link opens no session itself:
     * the sign-in that follows asks for the second factor an admin must enrol, and a mailed link alone is never
     * enough to be signed in.
     */
    @PostMapping({ "/t/{slug}/portal/password-reset/{token}", "/portal/password-reset/{token}" })
    String reset(@PathVariable String token, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        model.addAttribute("token", token);
        notImpersonatingIfSignedIn();
        SignInFlow.Place place = place(request);
        model.addAttribute("place", place);
        try {
            TenantUsers.PasswordSet set = users.completePasswordReset(tenant(request).id(), token, password);
            redirect.addFlashAttribute("email", set.email());
            redirect.addFlashAttribute("notice", set.first()
                    ? "Your email address is confirmed and your password is set. Sign in to open your portal."
                    : "Your password is changed. Sign in with the new one.");
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("invalid", "invalid-token".equals(e.kind()));
            return "identity/reset-password";
        }
        return "redirect:" + place.base() + "/login";
    }

    @GetMapping({ "/t/{slug}/portal/invitations/{token}", "/portal/invitations/{token}" })
    String invitationPage(@PathVariable String token, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        model.addAttribute("token", token);
        model.addAttribute("place", place(request));
        var invitation = users.openInvitation(tenant(request).id(), token);
        if (invitation.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("invitation", invitation.orElse(null));
        return "identity/invitation";
    }

    @PostMapping({ "/t/{slug}/portal/invitations/{token}", "/portal/invitations/{token}" })
    String accept(@PathVariable String token, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String password, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        model.addAttribute("token", token);
        SignInFlow.Place place = place(request);
        model.addAttribute("place", place);
        try {
            users.accept(tenant(request).id(), token, name, password);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("invitation", users.openInvitation(tenant(request).id(), token).orElse(null));
            return "identity/invitation";
        }
        return "redirect:" + place.base() + "/login";
    }

    /** Opens an impersonation from its one-time link: a portal session that carries both identities. */
    @GetMapping({ "/t/{slug}/portal/impersonation/{token}", "/portal/impersonation/{token}" })
    String openImpersonation(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        Tenant tenant = tenant(request);
        Impersonations.View view = impersonations.open(tenant.id(), token)
                .orElseThrow(() -> ProblemException.notFound("Impersonation link", "…"));
        Account user = accounts.byEmail(Realm.TENANT, tenant.id().value(), view.userEmail(), false)
                .orElseThrow(() -> ProblemException.notFound("Tenant user", view.userEmail()));
        sessions.signIn(request, new SessionIdentity(Realm.TENANT, user.id(), tenant.id().value(), logins.now(),
                view.id()), ClientInfo.of(request));
        return "redirect:" + place(request).base();
    }

    @PostMapping({ "/t/{slug}/portal/impersonation/end", "/portal/impersonation/end" })
    String endImpersonation(HttpServletRequest request) {
        TenantPrincipal me = required();
        if (me.impersonationContext() != null) {
            impersonations.end(me.tenant(), me.impersonationContext().id(), "ended");
            request.getSession().invalidate();
        }
        return "redirect:" + place(request).base() + "/login";
    }

    private SignInFlow.Place place(HttpServletRequest request) {
        Tenant tenant = tenant(request);
        return new SignInFlow.Place(Realm.TENANT, PortalTenants.base(request, tenant), tenant.name() + " portal",
                tenant.id().value());
    }

    private static Tenant tenant(HttpServletRequest request) {
        return (Tenant) request.getAttribute(PortalTenants.ATTRIBUTE);
    }

    private static @Nullable TenantPrincipal principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof TenantPrincipal p ? p : null;
    }

    private static TenantPrincipal required() {
        TenantPrincipal me = principal();
        if (me == null) {
            throw new org.springframework.security.access.AccessDeniedException("Not signed in");
        }
        return me;
    }

    private static TenantPrincipal requirePermission(String permission) {
        TenantPrincipal me = required();
        if (!me.may(permission)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                    "Your role %s does not grant %s".formatted(me.role().code(), permission),
                    Map.of("permission", permission));
        }
        return me;
    }

    /**
     * Team changes need the permission and a tenant that may write: a read-only or suspended tenant's team pages show
     * the controls disabled with the reason, and a request sent anyway is refused here (403).
     */
    private TenantPrincipal teamWrite() {
        TenantPrincipal me = requirePermission(TenantPermissions.TEAM_MANAGE);
        entitlements.requireWriteAllowed(me.tenant());
        return me;
    }

    /** What an impersonation may never do: change the user's password, second factor, email or API keys. */
    private static TenantPrincipal notImpersonating() {
        TenantPrincipal me = required();
        refuseDuringImpersonation();
        return me;
    }

    private static void notImpersonatingIfSignedIn() {
        refuseDuringImpersonation();
    }

    private static void refuseDuringImpersonation() {
        if (ImpersonationContext.current().isPresent()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "impersonation-forbidden",
                    "An impersonation cannot change the user's password, two-factor authentication, email or API keys");
        }
    }

    private Account account(TenantPrincipal me) {
        return accounts.byId(Realm.TENANT, me.tenant().value(), me.userId(), false).orElseThrow();
    }

    private static ResponseEntity<String> svg(@Nullable String svg) {
        if (svg == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml"))
                .header("Cache-Control", "no-store").body(svg);
    }
}
