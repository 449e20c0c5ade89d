package org.atrium.branding.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.atrium.branding.BrandChange;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * What a brand's text may hold. Everything shown is escaped where it is shown; these rules keep out what escaping
 * cannot make harmless: a link that is not http(s) ({@code javascript:}), control characters, and lengths that would
 * break a page.
 */
final class BrandRules {

    static final int MAX_NAME = 100;
    static final int MAX_FOOTER = 500;
    static final int MAX_URL = 500;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[A-Za-z0-9.-]{1,189}\\.[A-Za-z]{2,}$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ().-]{2,29}$");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n]]");

    private BrandRules() {
    }

    /** The change with blanks as null and colours in lower case; 400 naming every field that is wrong. */
    static BrandChange checked(BrandChange c) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = text(errors, "displayName", c.displayName(), MAX_NAME, false);
        String primary = color(errors, "primaryColor", c.primaryColor());
        String secondary = color(errors, "secondaryColor", c.secondaryColor());
        String email = blankToNull(c.supportEmail());
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.put("supportEmail", "must be an email address");
        }
        String phone = blankToNull(c.supportPhone());
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.put("supportPhone", "must be a phone number: digits, spaces, + ( ) . - (3 to 30)");
        }
        String url = blankToNull(c.supportUrl());
        if (url != null && !webAddress(url)) {
            errors.put("supportUrl", "must be an absolute http:// or https:// address of at most " + MAX_URL
                    + " characters");
        }
        String footer = text(errors, "footerText", c.footerText(), MAX_FOOTER, true);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation",
                    "The brand is not valid: " + ProblemException.describe(errors), errors);
        }
        return new BrandChange(name, primary, secondary, email, phone, url, footer);
    }

    private static @Nullable String text(Map<String, String> errors, String field, @Nullable String value, int max,
            boolean multiline) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        if (v.length() > max) {
            errors.put(field, "at most " + max + " characters");
        } else if (CONTROL.matcher(v).find() || (!multiline && v.contains("\n"))) {
            errors.put(field, "must not contain control characters");
        }
        return v;
    }

    private static @Nullable String color(Map<String, String> errors, String field, @Nullable String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        if (!Contrast.isColor(v)) {
            errors.put(field, "must be a colour as #rrggbb");
            return v;
        }
        return v.toLowerCase(Locale.ROOT);
    }

    static boolean webAddress(String url) {
        if (url.length() > MAX_URL || CONTROL.matcher(url).find() || url.contains(" ")) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip().replace("\r\n", "\n");
        return trimmed.isEmpty() ? null : trimmed;
    }
}
