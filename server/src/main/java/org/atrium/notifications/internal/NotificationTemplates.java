package org.atrium.notifications.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atrium.notifications.NotificationType;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;

/**
 * Renders {@code templates/notifications/<type>.html}. A template's {@code <title>} is the mail's subject and the
 * in-app title; its element with {@code id="summary"} is the plain-text message shown in the portal.
 */
@Component
class NotificationTemplates {

    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern SUMMARY = Pattern.compile("<(\\w+)[^>]*\\bid=\"summary\"[^>]*>(.*?)</\\1>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private final ITemplateEngine engine;
    private final String platformName;

    @Autowired
    NotificationTemplates(ITemplateEngine engine, NotificationSettings settings) {
        this(engine, settings.platformName());
    }

    NotificationTemplates(ITemplateEngine engine, String platformName) {
        this.engine = engine;
        this.platformName = platformName;
    }

    RenderedNotification render(NotificationType type, Map<String, @Nullable Object> model) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("platformName", platformName);
        context.setVariables(displayed(model));
        String html;
        try {
            html = engine.process(templateName(type), context);
        } catch (TemplateProcessingException e) {
            throw new IllegalArgumentException("Cannot render %s: %s".formatted(type.code(), e.getMessage()), e);
        }
        String subject = text(TITLE, 1, html, type, "<title>");
        String summary = text(SUMMARY, 2, html, type, "an element with id=\"summary\"");
        return new RenderedNotification(subject, html, summary);
    }

    static String templateName(NotificationType type) {
        return "notifications/" + type.code();
    }

    /** The model as templates show it: money as {@code 29.00 USD}, everything else as it prints. */
    private static Map<String, @Nullable Object> displayed(Map<String, @Nullable Object> model) {
        Map<String, @Nullable Object> shown = new LinkedHashMap<>();
        model.forEach((key, value) -> shown.put(key,
                value instanceof Money money ? money.toPlainString() + " " + money.currencyCode() : value));
        return shown;
    }

    private static String text(Pattern pattern, int group, String html, NotificationType type, String what) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new IllegalStateException("Template %s has no %s".formatted(templateName(type), what));
        }
        String plain = HtmlUtils.htmlUnescape(TAG.matcher(matcher.group(group)).replaceAll(" "));
        String collapsed = plain.replaceAll("\\s+", " ").trim();
        if (collapsed.isEmpty()) {
            throw new IllegalStateException("Template %s rendered an empty %s".formatted(templateName(type), what));
        }
        return collapsed;
    }
}
