package org.atrium.branding.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.branding.CustomDomain;
import org.atrium.branding.CustomDomains;
import org.atrium.entitlements.Invalidations;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/** The {@link CustomDomains} API: the claim rules, DNS verification, the re-check and the cached host lookup. */
@Service
class CustomDomainService implements CustomDomains {

    private static final Logger log = LoggerFactory.getLogger(CustomDomainService.class);
    static final String CHALLENGE = "_atrium-challenge.";
    private static final String TOPIC = "custom-domain";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DomainRows rows;
    private final DnsChecks dns;
    private final Tenants tenants;
    private final AuditLog audit;
    private final Invalidations invalidations;
    private final Clock clock;
    private final String baseDomain;
    private final LoadingCache<String, Optional<TenantId>> hosts;

    CustomDomainService(DomainRows rows, DnsChecks dns, Tenants tenants, AuditLog audit, Invalidations invalidations,
            Clock clock, @Value("${atrium.base-domain:}") String baseDomain) {
        this.rows = rows;
        this.dns = dns;
        this.tenants = tenants;
        this.audit = audit;
        this.invalidations = invalidations;
        this.clock = clock;
        this.baseDomain = baseDomain.toLowerCase(Locale.ROOT);
        this.hosts = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(30))
                .build(this::load);
        invalidations.subscribe(TOPIC, message -> {
            if (Invalidations.EVERYTHING.equals(message)) {
                hosts.invalidateAll();
            } else {
                hosts.invalidate(message);
            }
        });
    }

    @Override
    public Optional<TenantId> verifiedTenant(String host) {
        String normal = DomainNames.normalHost(host);
        return normal == null || !normal.contains(".") ? Optional.empty() : hosts.get(normal);
    }

    private Optional<TenantId> load(String domain) {
        return rows.claim(domain).filter(row -> "verified".equals(row.status()))
                .filter(row -> tenants.find(row.tenant()).map(t -> t.deletedAt() == null).orElse(false))
                .map(DomainRows.Row::tenant);
    }

    @Override
    public List<CustomDomain> list(TenantId tenant) {
        Tenant t = tenants.require(tenant);
        return rows.list(tenant).stream().map(row -> view(row, t)).toList();
    }

    @Override
    @Transactional
    public CustomDomain add(TenantId tenant, String input) {
        Tenant t = tenants.require(tenant);
        String domain = DomainNames.checked(input, baseDomain);
        rows.claim(domain).filter(row -> !row.tenant().equals(tenant)).ifPresent(row -> {
            throw claimed(domain);
        });
        String token = HexFormat.of().formatHex(randomBytes());
        try {
            rows.insert(tenant, domain, token, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new ProblemException(HttpStatus.CONFLICT, "duplicate", "The tenant already has " + domain);
        }
        audit.record(AuditEntry.of("custom_domain.added", tenant, domain, null, Map.of("domain", domain)));
        return view(rows.find(tenant, domain, false).orElseThrow(), t);
    }

    /** A refused verification still records when it was checked and why it failed (no rollback for it). */
    @Override
    @Transactional(noRollbackFor = ProblemException.class)
    public CustomDomain verify(TenantId tenant, String domain) {
        Tenant t = tenants.require(tenant);
        DomainRows.Row row = rows.find(tenant, normal(domain), true)
                .orElseThrow(() -> ProblemException.notFound("Custom domain", domain));
        Optional<DomainRows.Row> other = rows.claim(row.domain()).filter(c -> !c.tenant().equals(tenant));
        if (other.isPresent()) {
            throw claimed(row.domain());
        }
        Check check = check(row, t);
        Instant now = clock.instant();
        if (!check.verified()) {
            rows.checked(tenant, row.domain(), row.status(), row.verifiedAt(), now, check.error());
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "domain-not-verified",
                    "%s is not verified: %s".formatted(row.domain(), check.error()),
                    Map.of("domain", row.domain()));
        }
        try {
            rows.checked(tenant, row.domain(), "verified", now, now, null);
        } catch (DuplicateKeyException e) {
            throw claimed(row.domain());
        }
        audit.record(AuditEntry.of("custom_domain.verified", tenant, row.domain(), Map.of("status", row.status()),
                Map.of("status", "verified")));
        changed(row.domain());
        return view(rows.find(tenant, row.domain(), false).orElseThrow(), t);
    }

    @Override
    @Transactional
    public void remove(TenantId tenant, String domain) {
        tenants.require(tenant);
        String normal = normal(domain);
        if (rows.delete(tenant, normal) == 0) {
            throw ProblemException.notFound("Custom domain", domain);
        }
        audit.record(AuditEntry.of("custom_domain.removed", tenant, normal, Map.of("domain", normal), null));
        changed(normal);
    }

    @Override
    public int recheck() {
        int changed = 0;
        for (DomainRows.Row row : rows.claimed()) {
            Optional<Tenant> tenant = tenants.find(row.tenant());
            if (tenant.isEmpty()) {
                continue;
            }
            Check check = check(row, tenant.get());
            if (check.failed()) {
                log.warn("Re-check of {} could not ask DNS: {}", row.domain(), check.error());
                continue;
            }
            String status = check.verified() ? "verified" : "suspended";
            Instant now = clock.instant();
            boolean moved = !status.equals(row.status());
            rows.checked(row.tenant(), row.domain(), status, check.verified() ? row.verifiedAt() : row.verifiedAt(),
                    now, check.error());
            if (moved) {
                changed++;
                audit.record(AuditEntry.of("custom_domain." + status, row.tenant(), row.domain(),
                        Map.of("status", row.status()), Map.of("status", status, "why",
                                check.error() == null ? "records found again" : check.error())));
                hosts.invalidate(row.domain());
                invalidations.broadcast(TOPIC, row.domain());
            }
        }
        return changed;
    }

    /** Outcome of one lookup of both records; {@code failed} when DNS could not be asked at all. */
    record Check(boolean verified, boolean failed, @Nullable String error) {
    }

    Check check(DomainRows.Row row, Tenant tenant) {
        DnsChecks.Answer txt = dns.txt(CHALLENGE + row.domain());
        if (txt.failed()) {
            return new Check(false, true, "TXT " + CHALLENGE + row.domain() + ": " + txt.error());
        }
        List<String> missing = new ArrayList<>();
        if (!txt.values().contains(row.token())) {
            missing.add("no TXT record %s%s with the value %s".formatted(CHALLENGE, row.domain(), row.token()));
        }
        if (!baseDomain.isBlank()) {
            DnsChecks.Answer cname = dns.cname(row.domain());
            if (cname.failed()) {
                return new Check(false, true, "CNAME " + row.domain() + ": " + cname.error());
            }
            if (!cname.values().contains(target(tenant))) {
                missing.add("no CNAME record %s pointing to %s".formatted(row.domain(), target(tenant)));
            }
        }
        return missing.isEmpty() ? new Check(true, false, null)
                : new Check(false, false, String.join("; ", missing));
    }

    private String target(Tenant tenant) {
        return tenant.slug() + "." + baseDomain;
    }

    private CustomDomain view(DomainRows.Row row, Tenant tenant) {
        List<CustomDomain.DnsRecord> records = new ArrayList<>();
        if (!baseDomain.isBlank()) {
            records.add(new CustomDomain.DnsRecord("CNAME", row.domain(), target(tenant)));
        }
        records.add(new CustomDomain.DnsRecord("TXT", CHALLENGE + row.domain(), row.token()));
        return new CustomDomain(row.domain(), row.status(), records, row.createdAt(), row.verifiedAt(),
                row.lastCheckedAt(), row.lastError());
    }

    private void changed(String domain) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                hosts.invalidate(domain);
                invalidations.broadcast(TOPIC, domain);
            }
        });
    }

    private static String normal(String domain) {
        String normal = DomainNames.normalHost(domain);
        return normal == null ? "" : normal;
    }

    private static ProblemException claimed(String domain) {
        return new ProblemException(HttpStatus.CONFLICT, "domain-claimed",
                domain + " is already verified by another tenant", Map.of("domain", domain));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
