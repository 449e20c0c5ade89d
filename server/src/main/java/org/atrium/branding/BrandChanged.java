package org.atrium.branding;

import java.time.Instant;

import org.atrium.platform.TenantId;

/** A tenant's brand was saved (text, colours or an image); {@code version} is the new one. */
public record BrandChanged(TenantId tenant, String slug, int version, Instant occurredAt) {
}
