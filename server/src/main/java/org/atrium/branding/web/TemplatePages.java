package org.atrium.branding.web;

import org.atrium.notifications.NotificationType;
import org.atrium.notifications.TemplateOverrides;
import org.atrium.notifications.TemplateText;
import org.atrium.platform.PageRequest;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The portal's notification templates for tenant admins: list, edit with a preview on sample data, reset, history. */
@Controller
class TemplatePages {

    private final TemplateOverrides templates;

    TemplatePages(TemplateOverrides templates) {
        this.templates = templates;
    }

    @GetMapping({ "/t/{slug}/portal/templates", "/portal/templates" })
    String list(HttpServletRequest request, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        PortalAccess.decorate(request, tenant, model, "Templates");
        model.addAttribute("templates", templates.list(tenant.id()));
        return "branding/templates";
    }

    @GetMapping({ "/t/{slug}/portal/templates/{type}", "/portal/templates/{type}" })
    String edit(@PathVariable String type, HttpServletRequest request, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        NotificationType t = TemplateController.type(type);
        return show(request, tenant, model, t, templates.get(tenant.id(), t).text(), null, false);
    }

    @PostMapping({ "/t/{slug}/portal/templates/{type}", "/portal/templates/{type}" })
    String save(@PathVariable String type, @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String body, @RequestParam(defaultValue = "") String sms,
            @RequestParam(defaultValue = "save") String action, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Tenant tenant = PortalAccess.admin(request);
        NotificationType t = TemplateController.type(type);
        TemplateText text = new TemplateText(subject, body, sms);
        try {
            if ("preview".equals(action)) {
                return show(request, tenant, model, t, text, null, true);
            }
            templates.save(tenant.id(), t, text, null);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(request, tenant, model, t, text, e.getMessage(), false);
        }
        return "redirect:" + PortalAccess.base(request, tenant) + "/templates/" + t.code();
    }

    @PostMapping({ "/t/{slug}/portal/templates/{type}/reset", "/portal/templates/{type}/reset" })
    String reset(@PathVariable String type, HttpServletRequest request) {
        Tenant tenant = PortalAccess.admin(request);
        NotificationType t = TemplateController.type(type);
        templates.reset(tenant.id(), t);
        return "redirect:" + PortalAccess.base(request, tenant) + "/templates/" + t.code();
    }

    private String show(HttpServletRequest request, Tenant tenant, Model model, NotificationType type,
            TemplateText text, String error, boolean preview) {
        PortalAccess.decorate(request, tenant, model, "Template");
        model.addAttribute("template", templates.get(tenant.id(), type));
        model.addAttribute("text", text);
        model.addAttribute("error", error);
        model.addAttribute("preview", preview ? templates.preview(tenant.id(), type, text) : null);
        model.addAttribute("history", templates.history(tenant.id(), type, PageRequest.of(0, 20)).items());
        return "branding/template";
    }
}
