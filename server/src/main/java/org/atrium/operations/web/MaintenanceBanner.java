package org.atrium.operations.web;

import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Puts maintenance mode on every HQ page's model while it is on, for the banner of {@code layout/hq}: staff keep
 * working during maintenance, and must see that tenants cannot. Read from the settings' cache.
 */
@ControllerAdvice
class MaintenanceBanner {

    private final Settings settings;

    MaintenanceBanner(Settings settings) {
        this.settings = settings;
    }

    @ModelAttribute("maintenance")
    PlatformSettings.@Nullable Maintenance maintenance(HttpServletRequest request) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/hq")) {
            return null;
        }
        PlatformSettings.Maintenance mode = settings.current().maintenance();
        return mode.enabled() ? mode : null;
    }
}
