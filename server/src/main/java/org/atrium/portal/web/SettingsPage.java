package org.atrium.portal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.FeatureSwitch;
import org.atrium.tenancy.FeatureSwitches;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tenant's settings: its regional settings (time zone, locale; the currency is the wallet's and stays) and the
 * feature switches the owner marked {@code tenantEditable}. A switch the owner did not open is never sent to
 * tenancy, whatever the form carries. Saved as one merge patch at the version the form was drawn from (a change in
 * between is refused, 412).
 */
@Controller
class SettingsPage {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TenantAdministration administration;
    private final FeatureSwitches switches;

    SettingsPage(TenantAdministration administration, FeatureSwitches switches) {
        this.administration = administration;
        this.switches = switches;
    }

    @GetMapping({ "/t/{slug}/portal/settings", "/portal/settings" })
    String page(HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.SETTINGS_MANAGE);
        return show(Portal.tenant(request), model, null, false);
    }

    @PostMapping({ "/t/{slug}/portal/settings", "/portal/settings" })
    String save(@RequestParam(defaultValue = "") String timezone, @RequestParam(defaultValue = "") String locale,
            @RequestParam(defaultValue = "-1") int version, @RequestParam MultiValueMap<String, String> form,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Portal.require(TenantPermissions.SETTINGS_MANAGE);
        Tenant tenant = Portal.tenant(request);
        Portal.requireWrite(tenant);
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode regional = patch.putObject("regional");
        regional.put("timezone", timezone.trim());
        regional.put("locale", locale.trim());
        ObjectNode features = patch.putObject("features");
        for (FeatureSwitch s : editable()) {
            features.put(s.key(), form.containsKey("feature." + s.key()));
        }
        try {
            administration.update(tenant.slug(), patch.toString(), version < 0 ? null : version);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, model, e.getMessage(), false);
        }
        return "redirect:" + Portal.base(request) + "/settings?saved";
    }

    private List<FeatureSwitch> editable() {
        return switches.all().stream().filter(FeatureSwitch::tenantEditable).toList();
    }

    private String show(Tenant tenant, Model model, @Nullable String error, boolean saved) {
        Map<String, Boolean> effective = switches.effective(tenant.features());
        Map<FeatureSwitch, Boolean> open = new LinkedHashMap<>();
        for (FeatureSwitch s : editable()) {
            open.put(s, effective.getOrDefault(s.key(), s.defaultValue()));
        }
        model.addAttribute("tenant", tenant);
        model.addAttribute("switches", open);
        model.addAttribute("error", error);
        model.addAttribute("saved", saved);
        return "portal/settings";
    }
}
