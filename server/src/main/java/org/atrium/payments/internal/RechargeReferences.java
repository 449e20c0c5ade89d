package org.atrium.payments.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Recharge references: {@code rch_} + the tenant id (32 hex) + the time in milliseconds (12 hex) + 96 random bits
 * (24 hex). Only letters and digits after the prefix, so every gateway accepts it (Paystack's references allow no
 * underscore: it gets {@code rch-…}); the tenant is read back from it, so a webhook that knows only the reference
 * still queries by tenant first.
 */
final class RechargeReferences {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    static final String PREFIX = "rch_";
    private static final int LENGTH = PREFIX.length() + 32 + 12 + 24;

    private RechargeReferences() {
    }

    static String next(TenantId tenant, Clock clock) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return PREFIX + tenant.value().toString().replace("-", "") + "%012x".formatted(clock.millis())
                + HEX.formatHex(random);
    }

    /** The tenant a well-formed reference names, or null for anything else. */
    static @Nullable TenantId tenantOf(@Nullable String reference) {
        if (reference == null) {
            return null;
        }
        String ref = reference.startsWith("rch-") ? PREFIX + reference.substring(4) : reference;
        if (ref.length() != LENGTH || !ref.startsWith(PREFIX) || !ref.substring(4).matches("[0-9a-f]+")) {
            return null;
        }
        String hex = ref.substring(4, 36);
        return TenantId.of(new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16)));
    }

    /** Our reference from a gateway's copy of it (Paystack's {@code rch-…}). */
    static String normalise(String reference) {
        return reference.startsWith("rch-") ? PREFIX + reference.substring(4) : reference;
    }
}
