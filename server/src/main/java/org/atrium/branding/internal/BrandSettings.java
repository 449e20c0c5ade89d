package org.atrium.branding.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.branding.BrandChange;
import org.atrium.branding.BrandImage;
import org.jspecify.annotations.Nullable;

/** What a tenant saved, as stored; {@code version} 0 is the brand never saved. */
record BrandSettings(int version, @Nullable String displayName, @Nullable String primaryColor,
        @Nullable String secondaryColor, @Nullable String supportEmail, @Nullable String supportPhone,
        @Nullable String supportUrl, @Nullable String footerText, @Nullable String logoHash,
        @Nullable String faviconHash) {

    static final BrandSettings NONE = new BrandSettings(0, null, null, null, null, null, null, null, null, null);

    BrandSettings with(BrandChange c) {
        return new BrandSettings(version + 1, c.displayName(), c.primaryColor(), c.secondaryColor(), c.supportEmail(),
                c.supportPhone(), c.supportUrl(), c.footerText(), logoHash, faviconHash);
    }

    BrandSettings withImage(BrandImage image, @Nullable String hash) {
        return new BrandSettings(version + 1, displayName, primaryColor, secondaryColor, supportEmail, supportPhone,
                supportUrl, footerText, image == BrandImage.LOGO ? hash : logoHash,
                image == BrandImage.FAVICON ? hash : faviconHash);
    }

    /** The audit and history form. */
    Map<String, @Nullable Object> asMap() {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        map.put("version", version);
        map.put("displayName", displayName);
        map.put("primaryColor", primaryColor);
        map.put("secondaryColor", secondaryColor);
        map.put("supportEmail", supportEmail);
        map.put("supportPhone", supportPhone);
        map.put("supportUrl", supportUrl);
        map.put("footerText", footerText);
        map.put("logo", logoHash);
        map.put("favicon", faviconHash);
        return map;
    }
}
