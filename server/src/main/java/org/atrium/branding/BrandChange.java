package org.atrium.branding;

import org.jspecify.annotations.Nullable;

/**
 * The text part of a brand, replacing what is stored (a null field clears it). Colours are {@code #rrggbb}; the
 * support URL is absolute http(s); the logo and favicon are uploaded on their own.
 */
public record BrandChange(@Nullable String displayName, @Nullable String primaryColor,
        @Nullable String secondaryColor, @Nullable String supportEmail, @Nullable String supportPhone,
        @Nullable String supportUrl, @Nullable String footerText) {
}
