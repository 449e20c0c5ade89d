/**
 * The public pages in the platform's brand: the pricing page today, signup next. Web only: it reads the catalog and
 * the global settings through their APIs and owns no data. Pages work without JavaScript and are cacheable.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Public site", allowedDependencies = { "platform",
        "catalog", "operations" })
@org.jspecify.annotations.NullMarked
package org.atrium.site;
