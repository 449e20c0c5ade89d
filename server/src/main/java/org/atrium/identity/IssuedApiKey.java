package org.atrium.identity;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A freshly issued key: the only time its secret is shown. */
public record IssuedApiKey(@JsonUnwrapped ApiKeyView key, String secret) {
}
