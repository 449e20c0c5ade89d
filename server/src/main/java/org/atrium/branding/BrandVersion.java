package org.atrium.branding;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** One saved version of a tenant's brand: what it held, who saved it and when. */
public record BrandVersion(int version, Map<String, @Nullable Object> settings, Instant changedAt, String changedBy) {
}
