package org.atrium.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.atrium.notifications.NotificationType;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

class NotificationTemplatesTests {

    private static final String PLATFORM = "Lumen Cloud";

    private final NotificationTemplates templates = new NotificationTemplates(engine(), PLATFORM);

    @ParameterizedTest
    @EnumSource(NotificationType.class)
    void everyTypeHasATemplateWhoseSubjectNamesThePlatformAndWhoseMessageShowsItsModel(NotificationType type) {
        Map<String, @Nullable Object> model = new HashMap<>();
        type.requiredModel().forEach(key -> model.put(key, "value-of-" + key + "!"));

        RenderedNotification rendered = templates.render(type, model);

        assertThat(rendered.subject()).contains(PLATFORM).doesNotContain("<", "\n");
        for (String key : type.requiredModel()) {
            assertThat(rendered.text()).as("in-app message of %s shows %s", type.code(), key)
                    .contains("value-of-" + key + "!");
        }
        assertThat(rendered.html()).contains("<title>" + rendered.subject() + "</title>")
                .contains(PLATFORM + " team");
    }

    @Test
    void moneyIsShownAsAPlainAmountWithItsCurrencyCode() {
        RenderedNotification rendered = templates.render(NotificationType.WALLET_RECHARGED,
                Map.of("amount", Money.of("1250.5", "EUR"), "balance", Money.of("7", "JPY")));

        assertThat(rendered.subject()).contains("1250.50 EUR");
        assertThat(rendered.text()).contains("1250.50 EUR").contains("7 JPY");
    }

    @Test
    void datesAreShownAsIsoDates() {
        RenderedNotification rendered = templates.render(NotificationType.SUBSCRIPTION_CANCELLED,
                Map.of("planName", "Starter", "endsOn", LocalDate.of(2027, 1, 31)));

        assertThat(rendered.text()).contains("until 2027-01-31");
    }

    @Test
    void modelValuesCannotInjectMarkupIntoTheMail() {
        RenderedNotification rendered = templates.render(NotificationType.SUBSCRIPTION_ASSIGNED,
                Map.of("planName", "<script>alert(1)</script>", "startsOn", "2026-12-01"));

        assertThat(rendered.html()).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(rendered.text()).contains("<script>alert(1)</script>");
    }

    @Test
    void greetsTheTenantByNameWhenTheModelHasIt() {
        Map<String, Object> model = Map.of("planName", "Starter", "trialEndsOn", "2026-12-01");
        Map<String, Object> named = new HashMap<>(model);
        named.put("tenantName", "Acme Loans");

        assertThat(templates.render(NotificationType.TRIAL_ENDING_SOON, named).html()).contains("Hello Acme Loans,");
        assertThat(templates.render(NotificationType.TRIAL_ENDING_SOON, model).html()).contains("Hello,")
                .doesNotContain("Hello null");
    }

    private static SpringTemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
