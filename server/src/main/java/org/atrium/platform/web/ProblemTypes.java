package org.atrium.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.platform.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * One page per problem type, so that the {@code type} URI of every problem Atrium answers with resolves to what it
 * means and what a client should do about it.
 */
@RestController
class ProblemTypes {

    static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("validation", "The request is not valid. `errors` names each offending field and what is wrong with it. Fix the request; retrying it unchanged fails the same way.");
        KINDS.put("malformed-json", "The body is not valid JSON, or not the JSON object the endpoint expects.");
        KINDS.put("not-found", "The resource does not exist (or, for a tenant, was deleted).");
        KINDS.put("duplicate", "A resource with the same natural key (slug, email) already exists.");
        KINDS.put("stale-version", "`If-Match` named a version that is no longer current (412). Read the resource again, re-apply the change, send the new version.");
        KINDS.put("illegal-transition", "The resource cannot move from its current state to the one asked for; `currentState` and `requestedState` say which.");
        KINDS.put("reference-conflict", "A wallet movement reference was already used for a different movement. A reference names exactly one movement; a repeat with the same body returns the first result.");
        KINDS.put("idempotency-conflict", "An idempotency key was already used with a different request.");
        KINDS.put("insufficient-funds", "The wallet cannot cover the amount (402). `requiredAmount` and `balance` say by how much; recharge and retry.");
        KINDS.put("refund-exceeds-paid", "A refund would give back more than was paid minus what was already refunded.");
        KINDS.put("not-refundable", "The invoice cannot be refunded (not paid, a recharge, or itself a credit note).");
        KINDS.put("nothing-to-credit", "There is no paid subscription invoice to credit unused time against.");
        KINDS.put("currency-mismatch", "The amounts involved are in different currencies.");
        KINDS.put("restore-window-passed", "A deleted tenant can be restored only within 30 days of its deletion.");
        KINDS.put("unknown-metric", "The metric is not defined; see `GET /api/v1/metrics`.");
        KINDS.put("unknown-feature", "The feature is not known to the tenant's plan or overrides.");
        KINDS.put("batch-too-large", "A usage batch holds more than 1,000 events.");
        KINDS.put("level-below-zero", "A change to a level metric would take it below zero.");
        KINDS.put("limit-exceeded", "The tenant's plan (or override) does not allow this much; `current` and `limit` say where it stands (403).");
        KINDS.put("subscription-read-only", "The tenant's subscription lapsed (read-only, cancelled or expired): reads are allowed, writes are refused (403).");
        KINDS.put("tenant-suspended", "The tenant is suspended: only billing, recharge, pricing and logout are reachable (403).");
        KINDS.put("rate-limited", "Too many requests for this tenant (429); wait for `Retry-After` seconds. `RateLimit-*` headers show the budget.");
        KINDS.put("too-many-signups", "Too many signups from this address for now (429); wait for `Retry-After` seconds.");
        KINDS.put("too-many-failed-logins", "Too many failed authentications (429): with this credential from this address (the same key prefix or login email), or from this address with any credential; attempts it covers are refused, right or wrong, until `Retry-After` seconds have passed. `limit` says which allowance was used up.");
        KINDS.put("maintenance", "The platform is in maintenance mode: writes are refused with 503 until it ends; retry after `Retry-After` seconds.");
        KINDS.put("unauthorized", "No credentials, or unknown, expired or revoked ones (401). Send `Authorization: Bearer <platform key>`.");
        KINDS.put("forbidden", "The credentials are valid but do not grant this action (403).");
        KINDS.put("payload-too-large", "The request body is larger than the configured limit (413).");
        KINDS.put("method-not-allowed", "The resource does not support this HTTP method (405).");
        KINDS.put("unsupported-media-type", "The body's Content-Type is not accepted; send application/json (415).");
        KINDS.put("not-acceptable", "No representation matches the Accept header (406).");
        KINDS.put("concurrent-modification", "Someone else changed the resource at the same moment; read it again and retry.");
        KINDS.put("empty-audit-chain", "The audit log has no rows yet, so there is no chain head to sign (409).");
        KINDS.put("checkpoint-not-published", "An audit checkpoint was signed and recorded, but a sink outside the database (the checkpoint file, syslog …) refused it (503); `detail` names which. Fix the sink; the next checkpoint publishes again.");
        KINDS.put("bad-request", "The servlet container or its firewall refused the request before it reached the API (a malformed URL, an illegal character).");
        KINDS.put("balance-out-of-range", "The movement would take the wallet's balance past what it can hold (422): at most 10^15 - 0.0001 either way.");
        KINDS.put("counter-out-of-range", "A usage change would take a counter or level past the largest value it can hold (9,223,372,036,854,775,807); nothing was recorded.");
        KINDS.put("unknown-gateway", "The payment gateway named is not one Atrium knows (stripe, paypal, paystack, sandbox).");
        KINDS.put("feature-not-in-plan", "The tenant's plan does not include the feature this needs (403); `feature` names it. Change to a plan that has it.");
        KINDS.put("unsupported-image", "The upload is not a PNG or JPEG image, recognised from its bytes (SVG, HTML and other formats are refused; WebP is recognised but this server has no decoder for it).");
        KINDS.put("image-too-large", "The image is larger than 1 MB or 2000 × 2000 pixels (checked from its header before it is decoded).");
        KINDS.put("image-unreadable", "The file starts like a PNG or JPEG but cannot be decoded (truncated or corrupt).");
        KINDS.put("domain-claimed", "Another tenant has verified this custom domain (409); a domain serves one tenant's portal.");
        KINDS.put("domain-not-verified", "The custom domain's DNS records were not found (422); `detail` names the missing CNAME or TXT record. Create them and verify again (DNS changes can take a while to be seen).");
        KINDS.put("text-channel-not-configured", "Neither the tenant nor the platform has an account for this text channel (SMS: Twilio, WhatsApp: UltraMsg) (409).");
        KINDS.put("text-delivery-failed", "The SMS or WhatsApp provider refused the message or could not be reached (502); `detail` says what it answered.");
        KINDS.put("gateway-not-configured", "The payment gateway named has no credentials (globally or for the tenant), or the sandbox gateway is off.");
        KINDS.put("gateway-unavailable", "The payment gateway refused or did not answer (502/503). Nothing was charged or credited; retry later (with the same reference for a refund).");
        KINDS.put("webhook-signature", "A gateway webhook whose signature is missing, wrong or outside the time tolerance (400). It was stored and recorded as a security event; nothing changed.");
        KINDS.put("webhook-not-verified", "Only a webhook event that passed verification can be processed again.");
        KINDS.put("internal", "An unexpected failure, logged with the request id given in `detail`. Nothing was half-done: every change is one transaction.");
    }

    @GetMapping(path = "/problems/{kind}", produces = MediaType.TEXT_PLAIN_VALUE)
    String describe(@PathVariable String kind) {
        String text = KINDS.get(kind);
        if (text == null) {
            throw ProblemException.notFound("Problem type", kind);
        }
        return "/problems/" + kind + "\n\n" + text + "\n";
    }

    @GetMapping(path = "/problems", produces = MediaType.TEXT_PLAIN_VALUE)
    String index() {
        StringBuilder out = new StringBuilder("Problem types of the Atrium API (RFC 9457)\n\n");
        KINDS.forEach((kind, text) -> out.append("/problems/").append(kind).append("\n  ").append(text).append("\n\n"));
        return out.toString();
    }
}
