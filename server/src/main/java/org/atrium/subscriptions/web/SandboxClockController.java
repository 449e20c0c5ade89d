package org.atrium.subscriptions.web;

import java.time.Instant;
import java.util.Map;

import org.atrium.subscriptions.SandboxTime;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Sandbox time travel: the platform's clock and the tenants' test clocks (404 unless {@code atrium.sandbox}). */
@RestController
@Tag(name = "Sandbox clock")
class SandboxClockController {

    private final SandboxTime sandbox;

    SandboxClockController(SandboxTime sandbox) {
        this.sandbox = sandbox;
    }

    record ClockChange(@Nullable Integer advanceDays, @Nullable Instant to) {
    }

    @GetMapping("/api/v1/sandbox/clock")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Sandbox only: the clock, how far it may go, and its latest advance with progress (current time, target, days done of total, state)")
    Map<String, Object> clock() {
        return sandbox.platformClock();
    }

    @PostMapping("/api/v1/sandbox/clock")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Sandbox only: move the clock forward by advanceDays or to an instant (at most 3,660 days), running the lifecycle for every day passed; up to 31 days answers 200 when done, longer 202 with a background job")
    ResponseEntity<Map<String, Object>> advance(@RequestBody ClockChange body) {
        return answer(sandbox.advancePlatform(body.advanceDays(), body.to()));
    }

    @DeleteMapping("/api/v1/sandbox/clock/advance")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Sandbox only: cancel the running advance of the clock after the day it is on")
    ResponseEntity<Map<String, Object>> cancel() {
        return ResponseEntity.accepted().body(sandbox.cancelPlatform());
    }

    @GetMapping("/api/v1/tenants/{slug}/test-clock")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Sandbox only: the tenant's time (its own test clock, or the platform's) and its latest advance")
    Map<String, Object> testClock(@PathVariable String slug) {
        return sandbox.tenantClock(slug);
    }

    @PostMapping("/api/v1/tenants/{slug}/test-clock")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Sandbox only: give the tenant a test clock of its own and move it forward, running the lifecycle for that tenant only")
    ResponseEntity<Map<String, Object>> advanceTestClock(@PathVariable String slug, @RequestBody ClockChange body) {
        return answer(sandbox.advanceTenant(slug, body.advanceDays(), body.to()));
    }

    @DeleteMapping("/api/v1/tenants/{slug}/test-clock/advance")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Sandbox only: cancel the running advance of the tenant's test clock")
    ResponseEntity<Map<String, Object>> cancelTestClock(@PathVariable String slug) {
        return ResponseEntity.accepted().body(sandbox.cancelTenant(slug));
    }

    private static ResponseEntity<Map<String, Object>> answer(SandboxTime.Outcome outcome) {
        return ResponseEntity.status(outcome.status()).body(outcome.body());
    }
}
