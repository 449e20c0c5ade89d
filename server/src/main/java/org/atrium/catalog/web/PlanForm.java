package org.atrium.catalog.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Metric;
import org.atrium.catalog.Plan;
import org.atrium.catalog.PlanDefinition;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * The plan form as typed: every field as text, so that a refused form comes back exactly as it was sent. Field
 * names: {@code price.<cycle>}, {@code limit.<metric>}, {@code feature.<flag>} (a checkbox, with the flags the form
 * showed listed in {@code featureKeys} so that an unticked one is switched off), {@code newFeature}.
 */
public record PlanForm(String slug, String name, String description, String currency, Map<String, String> prices,
        Map<String, String> limits, Map<String, Boolean> features, String newFeature, String supportLevel,
        String trialDays, boolean recommended, String sortOrder, boolean active, @Nullable String version) {

    static PlanForm blank() {
        return new PlanForm("", "", "", "USD", Map.of(), Map.of(), Map.of(), "", "email", "", false, "0", true, null);
    }

    static PlanForm of(Plan plan) {
        Map<String, String> prices = new LinkedHashMap<>();
        plan.prices().forEach((cycle, money) -> prices.put(cycle.code(), money.toPlainString()));
        Map<String, String> limits = new LinkedHashMap<>();
        plan.limits().forEach((key, value) -> limits.put(key, String.valueOf(value)));
        return new PlanForm(plan.slug(), plan.name(), plan.description() == null ? "" : plan.description(),
                plan.currency(), prices, limits, plan.features(), "", plan.supportLevel().code(),
                plan.trialDays() == null ? "" : String.valueOf(plan.trialDays()), plan.recommended(),
                String.valueOf(plan.sortOrder()), plan.active(), String.valueOf(plan.version()));
    }

    static PlanForm from(MultiValueMap<String, String> p) {
        Map<String, String> prices = new LinkedHashMap<>();
        Map<String, String> limits = new LinkedHashMap<>();
        Map<String, Boolean> features = new LinkedHashMap<>();
        for (String key : p.getOrDefault("featureKeys", List.of())) {
            features.put(key, false);
        }
        p.forEach((name, values) -> {
            String value = values.isEmpty() ? "" : values.get(0).strip();
            if (name.startsWith("price.")) {
                prices.put(name.substring(6), value);
            } else if (name.startsWith("limit.")) {
                limits.put(name.substring(6), value);
            } else if (name.startsWith("feature.")) {
                features.put(name.substring(8), true);
            }
        });
        return new PlanForm(text(p, "slug"), text(p, "name"), text(p, "description"), text(p, "currency"), prices,
                limits, features, text(p, "newFeature"), text(p, "supportLevel"), text(p, "trialDays"),
                p.containsKey("recommended"), text(p, "sortOrder"), p.containsKey("active"),
                p.getFirst("version"));
    }

    public String price(BillingCycle cycle) {
        return prices.getOrDefault(cycle.code(), "");
    }

    public String limit(String metric) {
        return limits.getOrDefault(metric, "");
    }

    public boolean feature(String key) {
        return Boolean.TRUE.equals(features.get(key));
    }

    /** A new plan as the catalog takes it. */
    PlanDefinition definition(boolean creating) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, BigDecimal> priceValues = new LinkedHashMap<>();
        prices.forEach((cycle, text) -> {
            BigDecimal value = decimal(text, "price." + cycle, errors);
            if (value != null) {
                priceValues.put(cycle, value);
            }
        });
        Map<String, Long> limitValues = new LinkedHashMap<>();
        limits.forEach((key, text) -> {
            Long value = whole(text, "limit." + key, errors);
            if (value != null) {
                limitValues.put(key, value);
            }
        });
        Integer trial = trialDays.isBlank() ? null : integer(trialDays, "trialDays", errors);
        Integer sort = sortOrder.isBlank() ? null : integer(sortOrder, "sortOrder", errors);
        refuse(errors);
        return new PlanDefinition(creating ? slug : null, name, description.isBlank() ? null : description,
                creating ? currency : null, priceValues, limitValues, withNewFeature(), supportLevel, trial,
                creating ? active : null, recommended, sort);
    }

    /**
     * A JSON merge patch that makes the plan what the form says: a cleared price or limit is removed (null),
     * every feature the form showed is set on or off.
     */
    Map<String, Object> patch(Plan plan, List<Metric> metrics) {
        PlanDefinition d = definition(false);
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("name", d.name());
        patch.put("description", d.description());
        Map<String, Object> priceChanges = new LinkedHashMap<>();
        for (BillingCycle cycle : BillingCycle.values()) {
            priceChanges.put(cycle.code(), d.prices().get(cycle.code()));
        }
        patch.put("prices", priceChanges);
        Set<String> limitKeys = new LinkedHashSet<>();
        metrics.forEach(m -> limitKeys.add(m.key()));
        limitKeys.addAll(plan.limits().keySet());
        limitKeys.addAll(d.limits().keySet());
        Map<String, Object> limitChanges = new LinkedHashMap<>();
        limitKeys.forEach(key -> limitChanges.put(key, d.limits().get(key)));
        patch.put("limits", limitChanges);
        patch.put("features", d.features());
        patch.put("supportLevel", d.supportLevel());
        patch.put("trialDays", d.trialDays());
        patch.put("recommended", d.recommended());
        if (d.sortOrder() != null) {
            patch.put("sortOrder", d.sortOrder());
        }
        return patch;
    }

    private Map<String, Boolean> withNewFeature() {
        Map<String, Boolean> all = new LinkedHashMap<>(features);
        if (!newFeature.isBlank()) {
            all.put(newFeature, true);
        }
        return all;
    }

    static String money(Money money, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        format.setMinimumFractionDigits(Money.minorDigits(money.currency()));
        format.setMaximumFractionDigits(Money.minorDigits(money.currency()));
        return format.format(money.amount());
    }

    private static String text(MultiValueMap<String, String> p, String name) {
        String value = p.getFirst(name);
        return value == null ? "" : value.strip();
    }

    private static @Nullable BigDecimal decimal(String text, String field, Map<String, String> errors) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            errors.put(field, "must be an amount such as 29.00");
            return null;
        }
    }

    private static @Nullable Long whole(String text, String field, Map<String, String> errors) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            errors.put(field, "must be a whole number (-1 for unlimited)");
            return null;
        }
    }

    private static @Nullable Integer integer(String text, String field, Map<String, String> errors) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            errors.put(field, "must be a whole number");
            return null;
        }
    }

    private static void refuse(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The plan is not valid: " + errors + ".", errors);
        }
    }
}
