/**
 * Shared kernel: identifiers, {@link org.atrium.platform.Money}, the injected clock, problem details and paging.
 * <p>
 * Small and stable on purpose: everything here is used by every other module, so nothing here may depend on
 * any of them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform kernel", type = org.springframework.modulith.ApplicationModule.Type.OPEN, allowedDependencies = {})
@org.jspecify.annotations.NullMarked
package org.atrium.platform;
