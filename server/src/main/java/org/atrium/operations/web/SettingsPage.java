package org.atrium.operations.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.operations.TaxRate;
import org.atrium.platform.Permissions;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HQ's settings page: regional defaults, trial and grace days, taxes, invoice numbering and the seller, sign-in
 * rules and maintenance mode. Saving sends the whole form as one merge patch through {@link Settings#update}, the
 * same call as {@code PATCH /api/v1/settings}; a refusal shows the form again as typed with the server's message.
 */
@Controller
class SettingsPage {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Blank rows offered beneath the configured taxes, for adding new ones. */
    private static final int SPARE_TAX_ROWS = 2;

    private final Settings settings;

    SettingsPage(Settings settings) {
        this.settings = settings;
    }

    /** A tax row as typed. */
    record TaxRow(String code, String name, String rate, String country, boolean inclusive) {
    }

    @GetMapping("/hq/settings")
    @PreAuthorize("hasAnyAuthority('settings.manage', 'tenants.read')")
    String page(@RequestParam(required = false) @Nullable String saved, Authentication auth, Model model) {
        PlatformSettings s = settings.current();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("defaultCurrency", s.defaultCurrency());
        form.put("defaultTimezone", s.defaultTimezone());
        form.put("defaultLocale", s.defaultLocale());
        form.put("trialDays", String.valueOf(s.trialDays()));
        form.put("graceDays", String.valueOf(s.graceDays()));
        form.put("invoiceDueDays", String.valueOf(s.invoiceDueDays()));
        form.put("overdueSuspendDays", String.valueOf(s.overdueSuspendDays()));
        form.put("invoicePrefix", s.invoicePrefix());
        form.put("sellerName", s.seller().name());
        form.put("sellerAddress", nz(s.seller().address()));
        form.put("sellerTaxId", nz(s.seller().taxId()));
        form.put("sellerEmail", nz(s.seller().email()));
        form.put("maintenanceMessage", nz(s.maintenance().message()));
        form.put("retryAfterSeconds", String.valueOf(s.maintenance().retryAfterSeconds()));
        form.put("version", String.valueOf(s.version()));
        List<TaxRow> taxes = new ArrayList<>(s.taxRates().stream().map(t -> new TaxRow(t.code(), t.name(),
                t.rate().stripTrailingZeros().toPlainString(), nz(t.country()), t.inclusive())).toList());
        model.addAttribute("saved", saved != null);
        return show(model, form, taxes, s.security().requireStaff2fa(), s.security().requireTenantAdmin2fa(),
                s.maintenance().enabled(), may(auth), null);
    }

    @PostMapping("/hq/settings")
    @PreAuthorize("hasAuthority('settings.manage')")
    String save(@RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String key : List.of("defaultCurrency", "defaultTimezone", "defaultLocale", "trialDays", "graceDays",
                "invoiceDueDays", "overdueSuspendDays", "invoicePrefix", "sellerName", "sellerAddress", "sellerTaxId",
                "sellerEmail", "maintenanceMessage", "retryAfterSeconds", "version")) {
            String value = params.getFirst(key);
            form.put(key, value == null ? "" : value.strip());
        }
        List<TaxRow> taxes = taxRows(params);
        boolean staff2fa = params.containsKey("requireStaff2fa");
        boolean admin2fa = params.containsKey("requireTenantAdmin2fa");
        boolean maintenance = params.containsKey("maintenanceEnabled");
        try {
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("defaultCurrency", form.get("defaultCurrency"));
            patch.put("defaultTimezone", form.get("defaultTimezone"));
            patch.put("defaultLocale", form.get("defaultLocale"));
            patch.put("trialDays", whole(form, "trialDays"));
            patch.put("graceDays", whole(form, "graceDays"));
            patch.put("invoiceDueDays", whole(form, "invoiceDueDays"));
            patch.put("overdueSuspendDays", whole(form, "overdueSuspendDays"));
            patch.put("invoicePrefix", form.get("invoicePrefix"));
            Map<String, Object> seller = new LinkedHashMap<>();
            seller.put("name", form.get("sellerName"));
            seller.put("address", blank(form.get("sellerAddress")));
            seller.put("taxId", blank(form.get("sellerTaxId")));
            seller.put("email", blank(form.get("sellerEmail")));
            patch.put("seller", seller);
            List<Map<String, Object>> rates = new ArrayList<>();
            for (int i = 0; i < taxes.size(); i++) {
                TaxRow t = taxes.get(i);
                if (t.code().isBlank() && t.name().isBlank() && t.rate().isBlank()) {
                    continue;
                }
                Map<String, Object> rate = new LinkedHashMap<>();
                rate.put("code", t.code());
                rate.put("name", t.name());
                rate.put("rate", decimal(t.rate(), "taxRates[" + i + "].rate"));
                rate.put("country", blank(t.country()));
                rate.put("inclusive", t.inclusive());
                rates.add(rate);
            }
            patch.put("taxRates", rates);
            patch.put("security", Map.of("requireStaff2fa", staff2fa, "requireTenantAdmin2fa", admin2fa));
            Map<String, Object> mode = new LinkedHashMap<>();
            mode.put("enabled", maintenance);
            mode.put("message", blank(form.get("maintenanceMessage")));
            mode.put("retryAfterSeconds", whole(form, "retryAfterSeconds"));
            patch.put("maintenance", mode);
            Integer version = form.get("version").isBlank() ? null : Integer.valueOf(form.get("version"));
            settings.update(JSON.writeValueAsString(patch), version);
            return "redirect:/hq/settings?saved";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("saved", false);
            return show(model, form, taxes, staff2fa, admin2fa, maintenance, true, e);
        } catch (NumberFormatException e) {
            response.setStatus(400);
            model.addAttribute("saved", false);
            return show(model, form, taxes, staff2fa, admin2fa, maintenance, true,
                    ProblemException.badRequest("validation", "The form's version is not a number."));
        }
    }

    private String show(Model model, Map<String, String> form, List<TaxRow> taxes, boolean staff2fa,
            boolean admin2fa, boolean maintenance, boolean mayManage, @Nullable ProblemException refused) {
        List<TaxRow> rows = new ArrayList<>(taxes);
        for (int i = 0; i < SPARE_TAX_ROWS; i++) {
            rows.add(new TaxRow("", "", "", "", false));
        }
        model.addAttribute("form", form);
        model.addAttribute("taxes", rows);
        model.addAttribute("requireStaff2fa", staff2fa);
        model.addAttribute("requireTenantAdmin2fa", admin2fa);
        model.addAttribute("maintenanceEnabled", maintenance);
        model.addAttribute("mayManage", mayManage);
        model.addAttribute("error", refused == null ? null : refused.getMessage());
        Object errors = refused == null ? null : refused.properties().get("errors");
        model.addAttribute("errors", errors instanceof Map<?, ?> m ? m : Map.of());
        return "operations/settings";
    }

    private static List<TaxRow> taxRows(MultiValueMap<String, String> params) {
        List<String> codes = params.getOrDefault("taxCode", List.of());
        List<TaxRow> rows = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            rows.add(new TaxRow(at(params, "taxCode", i), at(params, "taxName", i), at(params, "taxRate", i),
                    at(params, "taxCountry", i), params.getOrDefault("taxInclusive", List.of())
                            .contains(String.valueOf(i))));
        }
        return rows;
    }

    private static String at(MultiValueMap<String, String> params, String name, int i) {
        List<String> values = params.getOrDefault(name, List.of());
        return i < values.size() ? values.get(i).strip() : "";
    }

    private static Integer whole(Map<String, String> form, String field) {
        try {
            return Integer.valueOf(form.get(field));
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, "must be a whole number");
        }
    }

    private static BigDecimal decimal(String text, String field) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, "must be a percentage such as 19 or 7.5");
        }
    }

    private static @Nullable String blank(@Nullable String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String nz(@Nullable String text) {
        return text == null ? "" : text;
    }

    private static boolean may(Authentication auth) {
        return auth.getAuthorities().stream().anyMatch(a -> Permissions.SETTINGS_MANAGE.equals(a.getAuthority()));
    }
}
