package org.atrium.branding.web;

import org.atrium.branding.CustomDomains;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The portal's custom domains page for tenant admins: add, see the DNS records to create, verify, remove. */
@Controller
class DomainPages {

    private final CustomDomains domains;

    DomainPages(CustomDomains domains) {
        this.domains = domains;
    }

    @GetMapping({ "/t/{slug}/portal/domains", "/portal/domains" })
    String page(HttpServletRequest request, Model model) {
        return show(request, PortalAccess.admin(request), model, null);
    }

    @PostMapping({ "/t/{slug}/portal/domains", "/portal/domains" })
    String add(@RequestParam(defaultValue = "") String domain, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        return act(request, response, model, tenant, () -> domains.add(tenant.id(), domain));
    }

    @PostMapping({ "/t/{slug}/portal/domains/verify", "/portal/domains/verify" })
    String verify(@RequestParam(defaultValue = "") String domain, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        return act(request, response, model, tenant, () -> domains.verify(tenant.id(), domain));
    }

    @PostMapping({ "/t/{slug}/portal/domains/remove", "/portal/domains/remove" })
    String remove(@RequestParam(defaultValue = "") String domain, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        return act(request, response, model, tenant, () -> domains.remove(tenant.id(), domain));
    }

    private String act(HttpServletRequest request, HttpServletResponse response, Model model, Tenant tenant,
            Runnable action) {
        try {
            action.run();
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(request, tenant, model, e.getMessage());
        }
        return "redirect:" + PortalAccess.base(request, tenant) + "/domains";
    }

    private String show(HttpServletRequest request, Tenant tenant, Model model, String error) {
        PortalAccess.decorate(request, tenant, model, "Domains");
        model.addAttribute("domains", domains.list(tenant.id()));
        model.addAttribute("error", error);
        return "branding/domains";
    }
}
