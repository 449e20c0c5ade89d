package org.atrium.identity;

import java.time.Instant;
import java.util.UUID;

/** A platform staff member as the API shows it. */
public record StaffUser(UUID id, String email, String name, StaffRole role, boolean active, Instant createdAt) {
}
