package org.atrium.subscriptions.web;

import java.util.List;

import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.LifecycleRuns;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The HQ's lifecycle page: a dry run of the daily run (what it would do now, nothing changed) and "run now" after
 * a confirmation, through the same {@link LifecycleRuns#run} as {@code POST /api/v1/lifecycle/run}. The run is done
 * within the request and its report shown; it is not yet a background job with progress.
 */
@Controller
@PreAuthorize("hasAuthority('saas.subscriptions.manage')")
class LifecyclePage {

    private final LifecycleRuns runs;

    LifecyclePage(LifecycleRuns runs) {
        this.runs = runs;
    }

    @GetMapping("/hq/lifecycle")
    String page(Model model) {
        return show(model, null, null);
    }

    @PostMapping("/hq/lifecycle/dry-run")
    String dryRun(Model model) {
        return show(model, "dry", runs.run(true));
    }

    @PostMapping("/hq/lifecycle/run")
    String run(@RequestParam(defaultValue = "") String confirm, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        if (!"on".equals(confirm)) {
            response.setStatus(400);
            model.addAttribute("error", "Tick the confirmation to run the daily run now; nothing was run.");
            return show(model, null, null);
        }
        return show(model, "run", runs.run(false));
    }

    private static String show(Model model, @Nullable String kind, @Nullable List<LifecycleAction> actions) {
        model.addAttribute("kind", kind);
        model.addAttribute("actions", actions);
        return "subscriptions/lifecycle";
    }
}
