package org.atrium.catalog.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.catalog.Plan;

/** A plan as the API shows it: prices as decimal strings keyed by cycle, with the currency beside them. */
record PlanView(String slug, String name, String description, String currency, Map<String, String> prices,
        Map<String, Long> limits, Map<String, Boolean> features, String supportLevel, Integer trialDays,
        boolean active, boolean recommended, int sortOrder, int version, Instant createdAt, Instant updatedAt) {

    static PlanView of(Plan p) {
        Map<String, String> prices = new LinkedHashMap<>();
        p.prices().forEach((cycle, money) -> prices.put(cycle.code(), money.toPlainString()));
        return new PlanView(p.slug(), p.name(), p.description(), p.currency(), prices, p.limits(), p.features(),
                p.supportLevel().code(), p.trialDays(), p.active(), p.recommended(), p.sortOrder(), p.version(),
                p.createdAt(), p.updatedAt());
    }
}
