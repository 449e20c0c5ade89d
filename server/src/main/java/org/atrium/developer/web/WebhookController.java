package org.atrium.developer.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.atrium.developer.WebhookEventTypes;
import org.atrium.developer.Webhooks;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Webhook endpoints of a tenant ({@code /api/v1/tenants/{slug}/webhook-endpoints}: staff with {@code tenants.manage}
 * or the tenant's keys with {@code webhooks:*}) and of the platform ({@code /api/v1/webhook-endpoints}, every
 * tenant's events: {@code settings.manage}).
 */
@RestController("webhookEndpointController")
@Tag(name = "Webhooks")
class WebhookController {

    private static final String TENANT = "/api/v1/tenants/{slug}/webhook-endpoints";
    private static final String PLATFORM = "/api/v1/webhook-endpoints";
    private static final String READ = "hasAnyAuthority('tenants.read', 'tenants.manage', 'webhooks:read')";
    private static final String WRITE = "hasAnyAuthority('tenants.manage', 'webhooks:write')";
    private static final String PLATFORM_ONLY = "hasAuthority('settings.manage')";

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** @param eventTypes omitted or empty for every type */
    record NewEndpoint(String url, @Nullable Set<String> eventTypes, @Nullable String description) {
    }

    record EndpointChanges(@Nullable String url, @Nullable Set<String> eventTypes, @Nullable String description,
            @Nullable Boolean enabled) {
    }

    /** @param overlap how long the old secret keeps signing beside the new one (ISO-8601, at most P7D; default P1D) */
    record SecretRotation(@Nullable String overlap) {
    }

    /** Either {@code message} (one message, delivered or failed) or {@code failedSince} (every failed one since). */
    record Replay(@Nullable String message, @Nullable Instant failedSince) {
    }

    record EventType(String type, String description) {
    }

    @GetMapping("/api/v1/webhook-event-types")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'settings.manage', 'webhooks:read')")
    @Operation(summary = "The event types webhooks carry")
    PageResponse<EventType> eventTypes() {
        List<EventType> all = WebhookEventTypes.ALL.entrySet().stream()
                .map(e -> new EventType(e.getKey(), e.getValue())).toList();
        return PageRequest.of(0, PageRequest.MAX_SIZE).slice(all);
    }

    // Tenant endpoints

    @PostMapping(TENANT)
    @PreAuthorize(WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a webhook endpoint; its signing secret is in this answer only")
    Webhooks.WithSecret create(@PathVariable String slug, @RequestBody NewEndpoint request) {
        return webhooks.create(slug, request.url(), request.eventTypes() == null ? Set.of() : request.eventTypes(),
                request.description());
    }

    @GetMapping(TENANT)
    @PreAuthorize(READ)
    PageResponse<Webhooks.Endpoint> list(@PathVariable String slug, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageRequest.of(page, size).slice(webhooks.list(slug));
    }

    @GetMapping(TENANT + "/{id}")
    @PreAuthorize(READ)
    Webhooks.Endpoint get(@PathVariable String slug, @PathVariable UUID id) {
        return webhooks.get(slug, id);
    }

    @PatchMapping(path = TENANT + "/{id}", consumes = { "application/json", "application/merge-patch+json" })
    @PreAuthorize(WRITE)
    Webhooks.Endpoint update(@PathVariable String slug, @PathVariable UUID id, @RequestBody EndpointChanges changes) {
        return webhooks.update(slug, id, changes(changes));
    }

    @DeleteMapping(TENANT + "/{id}")
    @PreAuthorize(WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String slug, @PathVariable UUID id) {
        webhooks.delete(slug, id);
    }

    @PostMapping(TENANT + "/{id}/rotate-secret")
    @PreAuthorize(WRITE)
    Webhooks.WithSecret rotate(@PathVariable String slug, @PathVariable UUID id,
            @RequestBody(required = false) @Nullable SecretRotation request) {
        return webhooks.rotateSecret(slug, id, overlap(request));
    }

    @GetMapping(TENANT + "/{id}/attempts")
    @PreAuthorize(READ)
    @Operation(summary = "The delivery log: every attempt as sent and as answered, newest first")
    PageResponse<Webhooks.Attempt> attempts(@PathVariable String slug, @PathVariable UUID id,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageRequest.of(page, size).slice(webhooks.attempts(slug, id));
    }

    @PostMapping(TENANT + "/{id}/replay")
    @PreAuthorize(WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Integer> replay(@PathVariable String slug, @PathVariable UUID id, @RequestBody Replay request) {
        return Map.of("queued", queue(slug, id, request));
    }

    @PostMapping(TENANT + "/{id}/test")
    @PreAuthorize(WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a webhook.test event to this endpoint")
    Map<String, String> test(@PathVariable String slug, @PathVariable UUID id) {
        return Map.of("message", webhooks.sendTest(slug, id));
    }

    // Platform endpoints: every tenant's events

    @PostMapping(PLATFORM)
    @PreAuthorize(PLATFORM_ONLY)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a platform webhook endpoint (every tenant's events); its secret is in this answer only")
    Webhooks.WithSecret createPlatform(@RequestBody NewEndpoint request) {
        return webhooks.create(null, request.url(), request.eventTypes() == null ? Set.of() : request.eventTypes(),
                request.description());
    }

    @GetMapping(PLATFORM)
    @PreAuthorize(PLATFORM_ONLY)
    PageResponse<Webhooks.Endpoint> listPlatform(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageRequest.of(page, size).slice(webhooks.list(null));
    }

    @GetMapping(PLATFORM + "/{id}")
    @PreAuthorize(PLATFORM_ONLY)
    Webhooks.Endpoint getPlatform(@PathVariable UUID id) {
        return webhooks.get(null, id);
    }

    @PatchMapping(path = PLATFORM + "/{id}", consumes = { "application/json", "application/merge-patch+json" })
    @PreAuthorize(PLATFORM_ONLY)
    Webhooks.Endpoint updatePlatform(@PathVariable UUID id, @RequestBody EndpointChanges changes) {
        return webhooks.update(null, id, changes(changes));
    }

    @DeleteMapping(PLATFORM + "/{id}")
    @PreAuthorize(PLATFORM_ONLY)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deletePlatform(@PathVariable UUID id) {
        webhooks.delete(null, id);
    }

    @PostMapping(PLATFORM + "/{id}/rotate-secret")
    @PreAuthorize(PLATFORM_ONLY)
    Webhooks.WithSecret rotatePlatform(@PathVariable UUID id,
            @RequestBody(required = false) @Nullable SecretRotation request) {
        return webhooks.rotateSecret(null, id, overlap(request));
    }

    @GetMapping(PLATFORM + "/{id}/attempts")
    @PreAuthorize(PLATFORM_ONLY)
    PageResponse<Webhooks.Attempt> attemptsPlatform(@PathVariable UUID id,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageRequest.of(page, size).slice(webhooks.attempts(null, id));
    }

    @PostMapping(PLATFORM + "/{id}/replay")
    @PreAuthorize(PLATFORM_ONLY)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Integer> replayPlatform(@PathVariable UUID id, @RequestBody Replay request) {
        return Map.of("queued", queue(null, id, request));
    }

    @PostMapping(PLATFORM + "/{id}/test")
    @PreAuthorize(PLATFORM_ONLY)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> testPlatform(@PathVariable UUID id) {
        return Map.of("message", webhooks.sendTest(null, id));
    }

    private int queue(@Nullable String slug, UUID id, Replay request) {
        if ((request.message() == null) == (request.failedSince() == null)) {
            throw ProblemException.invalidField("message", "give either message or failedSince");
        }
        return request.message() != null ? webhooks.replay(slug, id, request.message())
                : webhooks.replayFailedSince(slug, id, request.failedSince());
    }

    private static Webhooks.Changes changes(EndpointChanges c) {
        return new Webhooks.Changes(c.url(), c.eventTypes(), c.description(), c.enabled());
    }

    private static Duration overlap(@Nullable SecretRotation request) {
        String text = request == null || request.overlap() == null ? "P1D" : request.overlap();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("overlap", "must be an ISO-8601 duration such as PT1H or P7D");
        }
    }
}
