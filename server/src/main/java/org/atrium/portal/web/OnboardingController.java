package org.atrium.portal.web;

import org.atrium.portal.Onboarding;
import org.atrium.tenancy.Tenants;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's onboarding progress for staff (the HQ's tenant page shows the same steps as the portal's home). */
@RestController
class OnboardingController {

    private final Onboarding onboarding;
    private final Tenants tenants;

    OnboardingController(Onboarding onboarding, Tenants tenants) {
        this.onboarding = onboarding;
        this.tenants = tenants;
    }

    @GetMapping("/api/v1/tenants/{slug}/onboarding")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    Onboarding.Progress progress(@PathVariable String slug) {
        return onboarding.progress(tenants.requireBySlug(slug).id());
    }
}
