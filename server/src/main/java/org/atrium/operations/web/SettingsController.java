package org.atrium.operations.web;

import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.platform.ProblemException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/settings")
@Tag(name = "Global settings")
class SettingsController {

    private final Settings settings;

    SettingsController(Settings settings) {
        this.settings = settings;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('settings.manage', 'tenants.read')")
    ResponseEntity<PlatformSettings> get() {
        PlatformSettings current = settings.current();
        return ResponseEntity.ok().eTag("\"" + current.version() + "\"").body(current);
    }

    @PatchMapping(consumes = { "application/json", "application/merge-patch+json" })
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Change settings with a JSON merge patch; send If-Match with the version read to avoid lost updates")
    ResponseEntity<PlatformSettings> patch(@RequestBody String patch,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        PlatformSettings updated = settings.update(patch, org.atrium.platform.IfMatch.version(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }
}
