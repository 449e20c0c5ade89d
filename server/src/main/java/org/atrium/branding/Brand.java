package org.atrium.branding;

import java.util.List;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's brand as it applies now: its own settings when its plan has {@code custom_branding} and it has saved
 * some, otherwise the platform's ({@code custom} false, the platform's colours, no logo).
 *
 * @param version     the stored version (0 when the tenant never saved a brand); {@code If-Match} compares it
 * @param custom      whether the tenant's own brand applies (its plan allows it)
 * @param displayName the company name shown instead of the tenant's name; null for the tenant's name
 * @param logoUrl     the logo's content-addressed URL (path), or null
 * @param faviconUrl  the favicon's content-addressed URL (path), or null
 * @param cssUrl      the stylesheet with the brand's custom properties, its content hash in the URL; null for the
 *                    platform's brand (no stylesheet beyond the design system's)
 * @param warnings    contrast warnings for the colours (below WCAG AA), empty when none
 */
public record Brand(TenantId tenant, int version, boolean custom, @Nullable String displayName, String primaryColor,
        String secondaryColor, @Nullable String supportEmail, @Nullable String supportPhone,
        @Nullable String supportUrl, @Nullable String footerText, @Nullable String logoUrl,
        @Nullable String faviconUrl, @Nullable String cssUrl, List<String> warnings) {

    /** The design system's colours (static/css/atrium.css), used when a tenant has none of its own. */
    public static final String PLATFORM_PRIMARY = "#1d4ed8";
    public static final String PLATFORM_SECONDARY = "#0f766e";

    /** The name to show: the display name when set, otherwise the one given. */
    public String nameOr(String tenantName) {
        return displayName == null ? tenantName : displayName;
    }
}
