/**
 * The public pages in the platform's brand: the pricing page and the signup form. Web only: it reads the catalog and
 * the global settings through their APIs and owns no data. Pages work without JavaScript and are cacheable.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Public site", allowedDependencies = { "platform",
        "catalog", "operations", "tenancy" })
@org.jspecify.annotations.NullMarked
package org.atrium.site;
