package org.atrium.platform;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Slugs name tenants and plans in URLs and subdomains: 3 to 63 lowercase letters, digits and hyphens, starting and
 * ending with a letter or digit, and not one of the words the platform keeps for itself.
 */
public final class Slugs {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    public static final Set<String> RESERVED = Set.of("www", "api", "hq", "admin", "app", "portal", "static", "mail",
            "smtp", "ftp", "cdn", "assets", "status", "help", "support", "docs", "billing", "pricing", "signup",
            "login", "logout", "auth", "webhooks", "console", "dashboard", "root", "system", "atrium", "public",
            "internal", "test", "localhost");

    private Slugs() {
    }

    /** Why a slug is not acceptable, or null when it is. */
    public static String problemWith(String slug) {
        if (slug == null || slug.isBlank()) {
            return "is required";
        }
        if (!SLUG.matcher(slug).matches()) {
            return "must be 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit";
        }
        if (RESERVED.contains(slug)) {
            return "'" + slug + "' is reserved";
        }
        return null;
    }
}
