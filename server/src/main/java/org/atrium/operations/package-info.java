/**
 * Running the platform: global settings (regional defaults, trial and grace days, taxes, invoice numbering, the
 * seller's details) and maintenance mode.
 * <p>
 * Other modules read settings through {@link org.atrium.operations.Settings}; only staff change them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations", allowedDependencies = { "platform",
        "audit" })
@org.jspecify.annotations.NullMarked
package org.atrium.operations;
