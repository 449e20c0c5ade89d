package org.atrium.site.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.platform.Actor;
import org.atrium.platform.ProblemException;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /signup}: a prospect starts a trial of the plan chosen on the pricing page. The tenant is created exactly as
 * the public signup API creates it (same rules, same per-address limit, same audit); its first admin is mailed a
 * link to choose a password, which both proves the address and leads into the portal. Works without JavaScript.
 */
@Controller
class SignupPage {

    private final Catalog catalog;
    private final TenantAdministration tenants;
    private final String platformName;

    SignupPage(Catalog catalog, TenantAdministration tenants,
            @Value("${atrium.notifications.platform-name:Atrium}") String platformName) {
        this.catalog = catalog;
        this.tenants = tenants;
        this.platformName = platformName;
    }

    /** What the form holds: kept when the server refuses it, so nothing typed is lost. */
    record SignupForm(@Nullable String name, @Nullable String slug, @Nullable String email, @Nullable String plan,
            @Nullable String cycle) {
    }

    @GetMapping("/signup")
    String form(@RequestParam(name = "plan", required = false) @Nullable String plan,
            @RequestParam(name = "cycle", required = false) @Nullable String cycle, Model model) {
        return render(model, new SignupForm(null, null, null, plan, "annual".equals(cycle) ? "annual" : "monthly"),
                Map.of(), null);
    }

    @PostMapping("/signup")
    String submit(@ModelAttribute SignupForm form, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        try {
            Tenant tenant = Actor.callAs(Actor.PUBLIC_SIGNUP, () -> tenants.signUp(form.slug(), form.name(),
                    form.plan(), form.cycle(), form.email(), request.getRemoteAddr()));
            request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, tenant.slug());
            model.addAttribute("platformName", platformName);
            model.addAttribute("tenant", tenant);
            model.addAttribute("email", form.email() == null ? "" : form.email().trim());
            model.addAttribute("portalPath", "/t/" + tenant.slug() + "/portal/login");
            return "site/signup-done";
        } catch (ProblemException refused) {
            response.setStatus(refused.status().value());
            refused.headers().forEach(response::setHeader);
            return render(model, form, fieldErrors(refused), refused.getMessage());
        }
    }

    private String render(Model model, SignupForm form, Map<String, String> errors, @Nullable String problem) {
        List<Plan> plans = catalog.plans(true);
        model.addAttribute("platformName", platformName);
        model.addAttribute("metaDescription", "Start a free trial of %s: choose a plan, name your workspace, and "
                .formatted(platformName) + "set your password from the link we send you.");
        model.addAttribute("plans", plans);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", errors.isEmpty() ? problem : null);
        return "site/signup";
    }

    /** The fields the server named, by the form's own field names ({@code email}, {@code slug} …). */
    private static Map<String, String> fieldErrors(ProblemException refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (refused.properties().get("errors") instanceof Map<?, ?> fields) {
            fields.forEach((field, message) -> errors.put(String.valueOf(field), String.valueOf(message)));
        }
        if (refused.kind().equals("duplicate") && errors.isEmpty()) {
            errors.put("slug", "is taken: choose another workspace address");
        }
        return errors;
    }
}
