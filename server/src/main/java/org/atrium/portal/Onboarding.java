package org.atrium.portal;

import java.util.List;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's first steps, each ticked from the real state (never from a flag the tenant sets): account created, plan
 * chosen, wallet funded, team invited, branding set, API key created, first usage recorded. The portal's home shows
 * it with the next step linked; the HQ's tenant page shows the same progress.
 */
public interface Onboarding {

    Progress progress(TenantId tenant);

    /**
     * @param key  stable name of the step ({@code account}, {@code plan}, {@code wallet}, {@code team},
     *             {@code branding}, {@code api_key}, {@code usage})
     * @param path where in the portal the step is done, relative to the portal's base ({@code /wallet})
     */
    record Step(String key, String title, boolean done, String path) {
    }

    /** The steps in order, how many are done, and the first one not done (null when all are). */
    record Progress(List<Step> steps, int done, int total, @Nullable Step next) {

        public static Progress of(List<Step> steps) {
            int done = (int) steps.stream().filter(Step::done).count();
            return new Progress(List.copyOf(steps), done, steps.size(),
                    steps.stream().filter(s -> !s.done()).findFirst().orElse(null));
        }
    }
}
