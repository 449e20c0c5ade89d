package org.atrium.payments.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.payments.Recharge;
import org.atrium.payments.Recharging;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Where gateways send the payer back. Open, like the webhooks: it only makes Atrium ask the gateway, which is
 * harmless whoever calls it, then sends the payer on to the recharge's (checked) return URL.
 */
@RestController
@Hidden
class CheckoutReturnController {

    private final Recharging recharging;

    CheckoutReturnController(Recharging recharging) {
        this.recharging = recharging;
    }

    @GetMapping("/payments/return/{reference}")
    ResponseEntity<Void> returned(@PathVariable String reference, @RequestParam Map<String, String> parameters) {
        Recharge recharge = recharging.returned(reference, new LinkedHashMap<>(parameters));
        URI next = UriComponentsBuilder.fromUriString(recharge.returnUrl())
                .replaceQueryParam("recharge", recharge.reference())
                .replaceQueryParam("status", recharge.status().code()).build().encode().toUri();
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(next).build();
    }
}
