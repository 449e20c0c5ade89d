package org.atrium.developer;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A freshly issued tenant key: the only time its secret ({@code key}) is shown. */
public record IssuedTenantApiKey(@JsonUnwrapped TenantApiKey apiKey, String key) {
}
