package org.atrium.payments.web;

import java.net.URI;
import java.util.Locale;

import org.atrium.payments.SandboxCheckout;
import org.atrium.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.swagger.v3.oas.annotations.Hidden;

/** The sandbox gateway's hosted checkout page: what a payer sees on Stripe's page, without money. */
@Controller
@Hidden
class SandboxCheckoutController {

    private final SandboxCheckout checkout;

    SandboxCheckoutController(SandboxCheckout checkout) {
        this.checkout = checkout;
    }

    @GetMapping("/sandbox/checkout/{sessionId}")
    String page(@PathVariable String sessionId, Model model) {
        SandboxCheckout.Page page = checkout.page(sessionId)
                .orElseThrow(() -> ProblemException.notFound("Sandbox checkout session", sessionId));
        model.addAttribute("page", page);
        return "payments/sandbox-checkout";
    }

    @PostMapping("/sandbox/checkout/{sessionId}/{action}")
    ResponseEntity<Void> act(@PathVariable String sessionId, @PathVariable String action) {
        SandboxCheckout.Action chosen;
        try {
            chosen = SandboxCheckout.Action.valueOf(action.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Sandbox checkout action", action);
        }
        String next = checkout.act(sessionId, chosen);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(next)).build();
    }
}
