package org.atrium.branding.web;

import org.atrium.notifications.TextChannel;
import org.atrium.notifications.TextMessages;
import org.atrium.notifications.TextSettings;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** A tenant's own SMS (Twilio) and WhatsApp (UltraMsg) accounts, replacing the platform's for its messages. */
@RestController
@RequestMapping("/api/v1/tenants/{slug}/text-channels/{channel:sms|whatsapp}")
@Tag(name = "Notification templates")
class TextChannelController {

    private final TextMessages texts;
    private final Tenants tenants;

    TextChannelController(TextMessages texts, Tenants tenants) {
        this.texts = texts;
        this.tenants = tenants;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    TextSettings get(@PathVariable String slug, @PathVariable String channel, HttpServletRequest request) {
        return texts.settings(tenant(slug, request), TextChannel.fromCode(channel))
                .orElseThrow(() -> ProblemException.notFound("Text settings", channel));
    }

    @PutMapping
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Use the tenant's own account: sms = Twilio (account SID, auth token, From number), whatsapp = UltraMsg (instance id, token)")
    TextSettings configure(@PathVariable String slug, @PathVariable String channel,
            @RequestBody TextSettings.Change change, HttpServletRequest request) {
        return texts.configure(tenant(slug, request), TextChannel.fromCode(channel), change);
    }

    @DeleteMapping
    @PreAuthorize("hasAuthority('tenants.manage')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String slug, @PathVariable String channel, HttpServletRequest request) {
        texts.removeSettings(tenant(slug, request), TextChannel.fromCode(channel));
    }

    private TenantId tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug).id();
    }
}
