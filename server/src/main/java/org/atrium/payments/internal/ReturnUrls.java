package org.atrium.payments.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * Where a payer may be sent back to: a path on Atrium ({@code /portal}, resolved against {@code ATRIUM_PUBLIC_URL})
 * or an absolute URL on the same scheme, host and port. Anything else would make the return an open redirect.
 * (Tenants' verified custom domains will be allowed here once branding verifies them.)
 */
final class ReturnUrls {

    private ReturnUrls() {
    }

    static String check(@Nullable String returnUrl, URI publicUrl) {
        if (returnUrl == null || returnUrl.isBlank()) {
            return publicUrl + "/";
        }
        String url = returnUrl.strip();
        if (url.length() > 2000) {
            throw invalid("is longer than 2,000 characters");
        }
        if (url.startsWith("/") && !url.startsWith("//") && !url.contains("\\")) {
            URI resolved = parse(publicUrl + url);
            if (resolved.getRawAuthority() == null || !resolved.getRawAuthority().equals(publicUrl.getRawAuthority())) {
                throw invalid("must be a path on Atrium or a URL on " + publicUrl.getHost());
            }
            return resolved.toString();
        }
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(publicUrl.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !uri.getHost().equalsIgnoreCase(publicUrl.getHost()) || port(uri) != port(publicUrl)) {
            throw invalid("must be a path on Atrium or a URL on " + publicUrl.getScheme() + "://"
                    + publicUrl.getRawAuthority() + " (no other host: that would be an open redirect)");
        }
        return uri.toString();
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL");
        }
    }

    private static ProblemException invalid(String message) {
        return ProblemException.invalidField("returnUrl", message);
    }
}
