package org.atrium.branding;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's custom domain and the DNS records that verify it.
 *
 * @param status    {@code pending} until verified, {@code verified}, or {@code suspended} when the daily re-check
 *                  no longer finds its records
 * @param records   what the tenant must create at its DNS provider
 * @param lastError why the last check did not verify it, when it did not
 */
public record CustomDomain(String domain, String status, List<DnsRecord> records, Instant createdAt,
        @Nullable Instant verifiedAt, @Nullable Instant lastCheckedAt, @Nullable String lastError) {

    /** One DNS record to create: {@code type} CNAME or TXT, its full name, and its value. */
    public record DnsRecord(String type, String name, String value) {
    }
}
