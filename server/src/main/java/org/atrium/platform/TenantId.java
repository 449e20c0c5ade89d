package org.atrium.platform;

import java.util.Objects;
import java.util.UUID;

/**
 * Identity of a tenant. Tenant-owned queries take it first.
 */
public record TenantId(@com.fasterxml.jackson.annotation.JsonValue UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static TenantId of(UUID value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
