package org.atrium.tenancy.web;

import java.util.List;

import org.atrium.platform.PageResponse;
import org.atrium.tenancy.FeatureSwitch;
import org.atrium.tenancy.FeatureSwitches;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The owner's catalogue of feature switches, which tenants' {@code features} are validated against. */
@RestController
@Tag(name = "Feature switches")
class FeatureSwitchController {

    private final FeatureSwitches switches;

    FeatureSwitchController(FeatureSwitches switches) {
        this.switches = switches;
    }

    @GetMapping("/api/v1/feature-switches")
    @PreAuthorize("hasAnyAuthority('settings.manage', 'tenants.read', 'tenants.manage')")
    PageResponse<FeatureSwitch> list() {
        List<FeatureSwitch> all = switches.all();
        return new PageResponse<>(all, 0, all.size(), all.size());
    }

    @GetMapping("/api/v1/feature-switches/{key}")
    @PreAuthorize("hasAnyAuthority('settings.manage', 'tenants.read', 'tenants.manage')")
    FeatureSwitch get(@PathVariable String key) {
        return switches.require(key);
    }

    @PostMapping("/api/v1/feature-switches")
    @PreAuthorize("hasAuthority('settings.manage')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a switch to the catalogue: key, name, description, defaultValue (what a new tenant gets), tenantEditable")
    FeatureSwitch create(@RequestBody String body) {
        return switches.create(body);
    }

    @PatchMapping(path = "/api/v1/feature-switches/{key}", consumes = { "application/json",
            "application/merge-patch+json" })
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Change a switch's name, description, default or tenantEditable with a JSON merge patch; the key is immutable")
    FeatureSwitch update(@PathVariable String key, @RequestBody String patch) {
        return switches.update(key, patch);
    }

    @DeleteMapping("/api/v1/feature-switches/{key}")
    @PreAuthorize("hasAuthority('settings.manage')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a switch from the catalogue; tenants' values for it stay stored but no longer count or show")
    void remove(@PathVariable String key) {
        switches.remove(key);
    }
}
