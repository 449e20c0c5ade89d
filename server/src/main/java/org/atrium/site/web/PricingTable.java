package org.atrium.site.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Metric;
import org.atrium.catalog.Plan;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * What the pricing page shows, worked out from the plans for one billing cycle and the viewer's locale: a card per
 * plan, and the comparison of every limit and feature any plan names.
 */
record PricingTable(List<Card> cards, List<Row> limits, List<FeatureRow> features, Set<String> currencies) {

    /** One plan as a card. {@code saving} is set only for a longer cycle that costs less than paying monthly. */
    record Card(String slug, String name, @Nullable String description, String price, String per,
            @Nullable String saving, boolean recommended, boolean free, int trialDays, String support) {
    }

    /** A limit across plans, one formatted value per plan in card order. */
    record Row(String label, List<String> values) {
    }

    /** A feature across plans, whether each plan in card order includes it. */
    record FeatureRow(String label, List<Boolean> included) {
    }

    static PricingTable of(List<Plan> plans, List<Metric> metrics, BillingCycle cycle, int defaultTrialDays,
            Locale locale) {
        List<Plan> sold = plans.stream().filter(p -> p.price(cycle).isPresent()).toList();
        List<Card> cards = sold.stream().map(p -> card(p, cycle, defaultTrialDays, locale)).toList();

        Set<String> limitKeys = new LinkedHashSet<>();
        metrics.forEach(m -> limitKeys.add(m.key()));
        sold.forEach(p -> limitKeys.addAll(p.limits().keySet()));
        List<Row> limits = new ArrayList<>();
        for (String key : limitKeys) {
            if (sold.stream().noneMatch(p -> p.limits().containsKey(key))) {
                continue;
            }
            Metric metric = metrics.stream().filter(m -> m.key().equals(key)).findFirst().orElse(null);
            String label = metric != null ? metric.description() : humanise(key);
            limits.add(new Row(label, sold.stream().map(p -> limitText(p.limits().get(key), locale)).toList()));
        }

        Set<String> featureKeys = new LinkedHashSet<>();
        sold.forEach(p -> featureKeys.addAll(p.features().keySet()));
        List<FeatureRow> features = featureKeys.stream().map(key -> new FeatureRow(humanise(key),
                sold.stream().map(p -> Boolean.TRUE.equals(p.features().get(key))).toList())).toList();

        Set<String> currencies = new LinkedHashSet<>();
        sold.forEach(p -> currencies.add(p.currency()));
        return new PricingTable(cards, limits, features, currencies);
    }

    private static Card card(Plan plan, BillingCycle cycle, int defaultTrialDays, Locale locale) {
        Money price = plan.price(cycle).orElseThrow();
        String saving = null;
        if (cycle != BillingCycle.MONTHLY) {
            saving = plan.price(BillingCycle.MONTHLY).map(monthly -> savingText(monthly, price, cycle, locale))
                    .orElse(null);
        }
        int trialDays = plan.trialDays() != null ? plan.trialDays() : defaultTrialDays;
        return new Card(plan.slug(), plan.name(), plan.description(), money(price, locale), per(cycle), saving,
                plan.recommended(), price.amount().signum() == 0, trialDays, humanise(plan.supportLevel().code()));
    }

    /**
     * "Save $158.00 a year (17%)": what the cycle saves against paying its months one at a time, as an amount and
     * as a whole percentage of the monthly total (rounded half-even); null when it saves nothing.
     */
    static @Nullable String savingText(Money monthly, Money price, BillingCycle cycle, Locale locale) {
        BigDecimal atMonthly = monthly.amount().multiply(BigDecimal.valueOf(cycle.months()));
        BigDecimal saved = atMonthly.subtract(price.amount());
        if (saved.signum() <= 0 || atMonthly.signum() <= 0) {
            return null;
        }
        BigDecimal percent = saved.multiply(BigDecimal.valueOf(100)).divide(atMonthly, 0, RoundingMode.HALF_EVEN);
        String per = cycle == BillingCycle.ANNUAL ? "a year" : "every " + cycle.months() + " months";
        return "Save %s %s (%s%%)".formatted(money(new Money(saved, price.currency()), locale), per,
                NumberFormat.getIntegerInstance(locale).format(percent));
    }

    static String money(Money money, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        Currency currency = money.currency();
        format.setCurrency(currency);
        format.setMinimumFractionDigits(currency.getDefaultFractionDigits());
        format.setMaximumFractionDigits(currency.getDefaultFractionDigits());
        return format.format(money.amount());
    }

    private static String limitText(@Nullable Long limit, Locale locale) {
        if (limit == null) {
            return "—";
        }
        return limit == Plan.UNLIMITED ? "Unlimited" : NumberFormat.getIntegerInstance(locale).format(limit);
    }

    private static String per(BillingCycle cycle) {
        return switch (cycle) {
            case MONTHLY -> "month";
            case QUARTERLY -> "quarter";
            case SEMIANNUAL -> "6 months";
            case ANNUAL -> "year";
        };
    }

    /** {@code api_access} → "Api access"; known acronyms keep their case. */
    static String humanise(String key) {
        Function<String, String> word = w -> switch (w) {
            case "api" -> "API";
            case "sso" -> "SSO";
            case "gb" -> "GB";
            default -> w;
        };
        String[] words = key.split("_");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String w = word.apply(words[i].toLowerCase(Locale.ROOT));
            if (i == 0 && w.equals(w.toLowerCase(Locale.ROOT)) && !w.isEmpty()) {
                w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
            }
            text.append(i == 0 ? "" : " ").append(w);
        }
        return text.toString();
    }
}
