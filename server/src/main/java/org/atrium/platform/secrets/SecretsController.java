package org.atrium.platform.secrets;

import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Secrets")
class SecretsController {

    private final SecretsRotation rotation;
    private final Secrets secrets;

    SecretsController(SecretsRotation rotation, Secrets secrets) {
        this.rotation = rotation;
        this.secrets = secrets;
    }

    record Resealed(String primaryKeyId, Map<String, Integer> resealed) {
    }

    @PostMapping("/api/v1/secrets/reseal")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Reseal every stored secret under the primary master key (the end of a key rotation)")
    Resealed reseal() {
        return new Resealed(secrets.primaryKeyId(), rotation.resealAll());
    }
}
