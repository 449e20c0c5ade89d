package org.atrium.identity.internal;

import java.util.UUID;

import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The team tab of a tenant's HQ page: its users and open invitations, and sending a user a credentials reset link
 * (the only way staff reset a password: they never see one). Beside the package-private {@link TenantUsers} it
 * calls, as {@link TenantAccessController} does for the API.
 */
@Controller
@RequestMapping("/hq/tenants/{slug}/team")
class HqTenantTeam {

    private final TenantUsers users;
    private final Tenants tenants;

    HqTenantTeam(TenantUsers users, Tenants tenants) {
        this.users = users;
        this.tenants = tenants;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    String team(@PathVariable String slug, Model model) {
        return page(tenants.requireBySlug(slug), null, null, model);
    }

    private String page(Tenant tenant, @Nullable String error, @Nullable UUID confirming, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("users", users.list(tenant.id()));
        model.addAttribute("invitations", users.invitations(tenant.id()));
        model.addAttribute("error", error);
        model.addAttribute("confirming", confirming == null ? null : users.find(tenant.id(), confirming).orElse(null));
        return "identity/hq-tenant-team";
    }

    /** Without {@code confirmed=yes} the page asks first; with it the link is mailed to the user. */
    @PostMapping("/{id}/reset")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String reset(@PathVariable String slug, @PathVariable UUID id, @RequestParam(defaultValue = "") String confirmed,
            Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        if (users.find(tenant.id(), id).isEmpty()) {
            throw ProblemException.notFound("Tenant user", id.toString());
        }
        if (!"yes".equals(confirmed)) {
            return page(tenant, null, id, model);
        }
        try {
            users.sendCredentialReset(tenant.id(), id);
            return "redirect:/hq/tenants/" + slug + "/team?done=reset-sent";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return page(tenant, e.getMessage(), null, model);
        }
    }

    @ExceptionHandler(ProblemException.class)
    String problem(ProblemException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("status", e.status().value());
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    @ExceptionHandler(AccessDeniedException.class)
    String denied(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("status", HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("message", "Your role does not grant this action.");
        return "console/problem";
    }
}
