package org.atrium.branding;

import java.util.Optional;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's brand: read (cached, for every portal page, invoice and mail) and changed by its admins or staff.
 * Every change is versioned, audited and published as {@link BrandChanged}.
 */
public interface Branding {

    /** The brand that applies now (the platform's when the plan lacks {@code custom_branding}); cached. */
    Brand current(TenantId tenant);

    /**
     * Replaces the text and colours.
     *
     * @param expectedVersion the version the caller saw ({@code If-Match}); null to skip the check
     * @throws org.atrium.platform.ProblemException 400 {@code validation}, 403 {@code feature-not-in-plan}, 412
     *                                              {@code stale-version}
     */
    Brand update(TenantId tenant, BrandChange change, @Nullable Integer expectedVersion);

    /**
     * Stores an uploaded PNG or JPEG as the logo or favicon, re-encoded. WebP is recognised and refused while no
     * decoder is installed.
     *
     * @throws org.atrium.platform.ProblemException 400 {@code unsupported-image}, {@code image-too-large},
     *                                              {@code image-unreadable}; 403 {@code feature-not-in-plan}
     */
    Brand uploadImage(TenantId tenant, BrandImage image, byte[] bytes, @Nullable Integer expectedVersion);

    /** Removes the logo or favicon. */
    Brand removeImage(TenantId tenant, BrandImage image, @Nullable Integer expectedVersion);

    /** Every saved version, newest first. */
    PageResponse<BrandVersion> history(TenantId tenant, PageRequest page);

    /** A stored image by its hash. */
    Optional<BrandAsset> asset(TenantId tenant, String hash);

    /** The brand's stylesheet (custom properties only) when its hash is the one given; empty otherwise. */
    Optional<String> stylesheet(TenantId tenant, String hash);

    /** The WCAG 2 contrast warnings for two colours, as {@link Brand#warnings()} would list them. */
    java.util.List<String> contrastWarnings(String primaryColor, String secondaryColor);
}
