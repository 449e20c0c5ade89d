package org.atrium.branding;

import java.util.Locale;

import org.atrium.platform.ProblemException;

/** The images a brand has. */
public enum BrandImage {
    LOGO, FAVICON;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BrandImage fromCode(String code) {
        for (BrandImage image : values()) {
            if (image.code().equals(code)) {
                return image;
            }
        }
        throw ProblemException.notFound("Brand image", code);
    }
}
