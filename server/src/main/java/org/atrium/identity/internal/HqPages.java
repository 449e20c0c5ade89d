package org.atrium.identity.internal;

import java.util.UUID;

import org.atrium.identity.Impersonations;
import org.atrium.identity.StaffRole;
import org.atrium.identity.TenantRole;
import org.atrium.identity.TenantUser;
import org.atrium.platform.Actor;
import org.atrium.platform.Permissions;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The HQ's sign-in pages and the staff member's account page ({@code /hq/account}): who is signed in, their
 * sessions, security alerts for the owner, sign-out, 2FA enrolment, the forgotten-password link, and the
 * impersonation button. The HQ's home ({@code /hq}) is the dashboard of the analytics module.
 * <p>
 * These page controllers sit beside the package-private sign-in services rather than in {@code identity.web}, so
 * that none of those services has to be public.
 */
@Controller
@RequestMapping("/hq")
class HqPages {

    private static final SignInFlow.Place HQ = new SignInFlow.Place(Realm.STAFF, "/hq", "Atrium HQ", null);

    private final SignInFlow flow;
    private final Accounts accounts;
    private final BrowserSessions sessions;
    private final SecurityAlerts alerts;
    private final Impersonations impersonations;
    private final BrowserLogins logins;
    private final StaffPasswordResets resets;
    private final TenantUsers users;
    private final Tenants tenants;

    HqPages(SignInFlow flow, Accounts accounts, BrowserSessions sessions, SecurityAlerts alerts,
            Impersonations impersonations, BrowserLogins logins, StaffPasswordResets resets, TenantUsers users,
            Tenants tenants) {
        this.resets = resets;
        this.users = users;
        this.tenants = tenants;
        this.flow = flow;
        this.accounts = accounts;
        this.sessions = sessions;
        this.alerts = alerts;
        this.impersonations = impersonations;
        this.logins = logins;
    }

    @GetMapping("/login")
    String loginPage(Model model) {
        return current() != null ? "redirect:/hq" : flow.loginPage(HQ, model);
    }

    @PostMapping("/login")
    String login(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        return flow.login(HQ, request, response, email, password, model);
    }

    @GetMapping("/login/code")
    String codePage(HttpServletRequest request, Model model) {
        return flow.codePage(HQ, request, model);
    }

    @PostMapping("/login/code")
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return flow.code(HQ, request, response, code, model);
    }

    @GetMapping("/login/enrol")
    String enrolPage(HttpServletRequest request, Model model) {
        return flow.enrolPage(HQ, request, model, null);
    }

    @GetMapping(value = "/login/enrol/qr.svg")
    ResponseEntity<String> enrolQr(HttpServletRequest request) {
        return svg(flow.qr(HQ, request, null));
    }

    @PostMapping("/login/enrol")
    String enrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return flow.enrol(HQ, request, response, code, model, null);
    }

    /** Asking for a reset link answers the same whether or not the address has an account. */
    @GetMapping("/password-reset")
    String resetRequestPage(Model model) {
        model.addAttribute("place", HQ);
        return "identity/reset-request";
    }

    @PostMapping("/password-reset")
    String resetRequest(@RequestParam(defaultValue = "") String email, Model model) {
        resets.request(email);
        model.addAttribute("place", HQ);
        model.addAttribute("sent", true);
        return "identity/reset-request";
    }

    @GetMapping("/password-reset/{token}")
    String resetPage(@PathVariable String token, HttpServletResponse response, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("place", HQ);
        if (!resets.linkValid(token)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("invalid", true);
        }
        return "identity/reset-password";
    }

    @PostMapping("/password-reset/{token}")
    String reset(@PathVariable String token, @RequestParam(defaultValue = "") String password,
            HttpServletResponse response, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("place", HQ);
        try {
            resets.complete(token, password);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("invalid", "invalid-token".equals(e.kind()));
            return "identity/reset-password";
        }
        return "redirect:/hq/login";
    }

    @GetMapping("/account")
    String account(HttpServletRequest request, Model model) {
        Account me = required();
        model.addAttribute("place", HQ);
        model.addAttribute("me", me);
        model.addAttribute("twoFactor", me.hasSecondFactor());
        model.addAttribute("twoFactorRequired", logins.secondFactorRequired(me));
        model.addAttribute("sessions", sessions.list(Realm.STAFF, me.id(), request.getSession().getId()));
        boolean owner = StaffRole.SUPER_ADMIN.code().equals(me.role());
        model.addAttribute("alerts", owner ? alerts.recent(20) : java.util.List.of());
        model.addAttribute("mayImpersonate",
                StaffRole.fromCode(me.role()).permissions().contains(Permissions.TENANTS_IMPERSONATE));
        return "identity/hq-home";
    }

    @PostMapping("/logout")
    String logout(HttpServletRequest request) {
        flow.signOut(HQ, request, current());
        return "redirect:/hq/login";
    }

    @PostMapping("/sessions/{handle}/revoke")
    String revoke(@PathVariable String handle, HttpServletRequest request) {
        Account me = required();
        if (sessions.revoke(Realm.STAFF, me.id(), handle)) {
            logins.record(Realm.STAFF, me, "session_revoked", ClientInfo.of(request), java.util.Map.of("session",
                    handle));
        }
        return "redirect:/hq";
    }

    @PostMapping("/sessions/revoke-others")
    String revokeOthers(HttpServletRequest request) {
        Account me = required();
        int ended = sessions.revokeAll(Realm.STAFF, me.id(), request.getSession().getId());
        logins.record(Realm.STAFF, me, "session_revoked", ClientInfo.of(request), java.util.Map.of("ended", ended));
        return "redirect:/hq";
    }

    @GetMapping("/account/2fa")
    String accountEnrolPage(HttpServletRequest request, Model model) {
        return flow.enrolPage(HQ, request, model, required());
    }

    @GetMapping("/account/2fa/qr.svg")
    ResponseEntity<String> accountEnrolQr(HttpServletRequest request) {
        return svg(flow.qr(HQ, request, required()));
    }

    @PostMapping("/account/2fa")
    String accountEnrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return flow.enrol(HQ, request, response, code, model, required());
    }

    /**
     * The console's impersonation button: starts one bound to this HQ session and opens the portal, as the admin
     * named by email (an admin of that tenant; anyone else is 404), or the tenant's first admin.
     */
    @PostMapping("/tenants/impersonate")
    String impersonate(@RequestParam(defaultValue = "") String slug, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "30") int minutes, @RequestParam(defaultValue = "") String admin,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        requirePermission(Permissions.TENANTS_IMPERSONATE);
        try {
            UUID userId = null;
            if (!admin.isBlank()) {
                userId = users.list(tenants.requireBySlug(slug).id()).stream()
                        .filter(u -> u.role() == TenantRole.TENANT_ADMIN && u.email().equalsIgnoreCase(admin.trim()))
                        .map(TenantUser::id).findFirst()
                        .orElseThrow(() -> ProblemException.notFound("Tenant admin", admin.trim()));
            }
            Impersonations.Started started = impersonations.start(slug, userId, reason, minutes,
                    request.getSession().getId());
            return "redirect:" + started.openPath();
        } catch (ProblemException e) {
            // The form opened a new tab: the refusal is shown there, as the HQ's problem page.
            response.setStatus(e.status().value());
            model.addAttribute("status", e.status().value());
            model.addAttribute("message", e.getMessage());
            return "console/problem";
        }
    }

    private static ResponseEntity<String> svg(@Nullable String svg) {
        if (svg == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml"))
                .header("Cache-Control", "no-store").body(svg);
    }

    private @Nullable Account current() {
        return Actor.currentIfAuthenticated().filter(a -> a.type() == Actor.Type.STAFF)
                .flatMap(a -> accounts.byId(Realm.STAFF, null, UUID.fromString(a.id()), false)).orElse(null);
    }

    private Account required() {
        Account me = current();
        if (me == null) {
            throw new org.springframework.security.access.AccessDeniedException("Not signed in");
        }
        return me;
    }

    private void requirePermission(String permission) {
        if (!StaffRole.fromCode(required().role()).permissions().contains(permission)) {
            throw new org.springframework.security.access.AccessDeniedException("Lacks " + permission);
        }
    }
}
