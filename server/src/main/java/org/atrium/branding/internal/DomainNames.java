package org.atrium.branding.internal;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;

/** What a custom domain may be: a host name of two labels or more, lower case, in its ASCII (punycode) form. */
final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    private DomainNames() {
    }

    /** The host of a request as compared with stored domains: lower case, no port, no trailing dot. */
    static @Nullable String normalHost(@Nullable String host) {
        if (host == null || host.isBlank() || host.length() > 300) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return null; // an IPv6 literal is never a custom domain
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    static String checked(String input, String baseDomain) {
        String domain = normalHost(input);
        if (domain != null) {
            try {
                domain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                domain = null;
            }
        }
        if (domain == null || domain.length() > 253 || !domain.contains(".") || !labels(domain)
                || domain.matches("^[0-9.]+$")) {
            throw ProblemException.invalidField("domain", "must be a domain name such as billing.example.com");
        }
        if (!baseDomain.isBlank() && (domain.equals(baseDomain) || domain.endsWith("." + baseDomain))) {
            throw ProblemException.invalidField("domain", "must not be the platform's own domain " + baseDomain);
        }
        return domain;
    }

    private static boolean labels(String domain) {
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
