package org.atrium.tenancy.internal;

import java.time.ZoneId;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;

/** The field rules of a tenant, shared by creating and editing one; every problem is named at once. */
final class TenantChecks {

    private static final Pattern FEATURE_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.]{0,63}");

    private TenantChecks() {
    }

    static void check(@Nullable String name, @Nullable String legalName, Tenant.Contact contact,
            Tenant.Regional regional, Map<String, Boolean> features, Map<String, String> errors) {
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.put("name", "is required, at most 200 characters");
        }
        if (legalName != null && legalName.length() > 300) {
            errors.put("legalName", "at most 300 characters");
        }
        if (contact.email() != null && !isEmail(contact.email())) {
            errors.put("contact.email", "is not an email address");
        }
        if (contact.billingEmail() != null && !isEmail(contact.billingEmail())) {
            errors.put("contact.billingEmail", "is not an email address");
        }
        if (contact.country() != null && !contact.country().matches("[A-Z]{2}")) {
            errors.put("contact.country", "an ISO 3166-1 alpha-2 code such as US");
        }
        if (regional.timezone() != null) {
            try {
                ZoneId.of(regional.timezone());
            } catch (RuntimeException e) {
                errors.put("regional.timezone", "not a known time zone id such as Europe/Berlin");
            }
        }
        if (regional.currency() != null) {
            try {
                Currency.getInstance(regional.currency());
            } catch (RuntimeException e) {
                errors.put("regional.currency", "not an ISO 4217 currency code");
            }
        }
        if (regional.locale() != null) {
            try {
                new Locale.Builder().setLanguageTag(regional.locale());
            } catch (IllformedLocaleException e) {
                errors.put("regional.locale", "not a BCP 47 language tag such as en-US");
            }
        }
        for (Map.Entry<String, Boolean> e : features.entrySet()) {
            if (!FEATURE_KEY.matcher(e.getKey()).matches()) {
                errors.put("features." + e.getKey(), "names are letters, digits, dots and underscores, up to 64");
            } else if (e.getValue() == null) {
                errors.put("features." + e.getKey(), "must be true or false");
            }
        }
    }

    /** Whether a name holds the angle brackets of a tag (a company's name needs neither). */
    static boolean looksLikeMarkup(@Nullable String value) {
        return value != null && (value.indexOf('<') >= 0 || value.indexOf('>') >= 0);
    }

    static boolean isEmail(String value) {
        return value.length() <= 254 && value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    }

    static void reject(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The tenant is not valid: " + errors, errors);
        }
    }
}
