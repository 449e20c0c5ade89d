package org.atrium.branding.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.branding.Brand;
import org.atrium.branding.BrandAsset;
import org.atrium.branding.BrandChange;
import org.atrium.branding.BrandChanged;
import org.atrium.branding.BrandImage;
import org.atrium.branding.BrandVersion;
import org.atrium.branding.Branding;
import org.atrium.entitlements.Entitlements;
import org.atrium.entitlements.Invalidations;
import org.atrium.platform.Actor;
import org.atrium.platform.Hashes;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * The {@link Branding} API. Saved settings are cached per tenant (cleared on this node after a change commits, and
 * on the others through the invalidation bus); whether they apply is asked of entitlements on every read, so a plan
 * change shows at once.
 */
@Service
class BrandingService implements Branding {

    static final String FEATURE = "custom_branding";
    private static final String TOPIC = "brand";

    private final Brands brands;
    private final Tenants tenants;
    private final Entitlements entitlements;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Invalidations invalidations;
    private final Clock clock;
    private final LoadingCache<TenantId, BrandSettings> cache;

    BrandingService(Brands brands, Tenants tenants, Entitlements entitlements, AuditLog audit,
            ApplicationEventPublisher events, Invalidations invalidations, Clock clock) {
        this.brands = brands;
        this.tenants = tenants;
        this.entitlements = entitlements;
        this.audit = audit;
        this.events = events;
        this.invalidations = invalidations;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(5))
                .build(tenant -> brands.find(tenant, false).orElse(BrandSettings.NONE));
        invalidations.subscribe(TOPIC, message -> {
            if (Invalidations.EVERYTHING.equals(message)) {
                cache.invalidateAll();
            } else {
                cache.invalidate(new TenantId(java.util.UUID.fromString(message)));
            }
        });
    }

    @Override
    public Brand current(TenantId tenant) {
        return view(tenant, cache.get(tenant), allowed(tenant));
    }

    private boolean allowed(TenantId tenant) {
        try {
            return entitlements.checkFeature(tenant, FEATURE).allowed();
        } catch (ProblemException e) {
            return false; // no plan knows the feature: nobody has it
        }
    }

    static Brand view(TenantId tenant, BrandSettings s, boolean allowed) {
        String primary = allowed && s.primaryColor() != null ? s.primaryColor() : Brand.PLATFORM_PRIMARY;
        String secondary = allowed && s.secondaryColor() != null ? s.secondaryColor() : Brand.PLATFORM_SECONDARY;
        if (!allowed) {
            return new Brand(tenant, s.version(), false, null, primary, secondary, null, null, null, null, null, null,
                    null, List.of());
        }
        String base = "/brand/" + tenant.value() + "/";
        String css = base + "brand-" + cssHash(primary, secondary) + ".css";
        return new Brand(tenant, s.version(), true, s.displayName(), primary, secondary, s.supportEmail(),
                s.supportPhone(), s.supportUrl(), s.footerText(),
                s.logoHash() == null ? null : base + s.logoHash(), s.faviconHash() == null ? null : base + s.faviconHash(),
                css, Contrast.warnings(primary, secondary));
    }

    static String css(String primary, String secondary) {
        return ":root {\n  --brand: %s;\n  --brand-contrast: %s;\n  --brand-secondary: %s;\n}\n".formatted(primary,
                Contrast.textOn(primary), secondary);
    }

    private static String cssHash(String primary, String secondary) {
        return Hashes.sha256(css(primary, secondary)).substring(0, 16);
    }

    @Override
    @Transactional
    public Brand update(TenantId tenant, BrandChange change, @Nullable Integer expectedVersion) {
        BrandChange checked = BrandRules.checked(change);
        return save(tenant, expectedVersion, "brand.updated", before -> before.with(checked));
    }

    @Override
    @Transactional
    public Brand uploadImage(TenantId tenant, BrandImage image, byte[] bytes, @Nullable Integer expectedVersion) {
        requireAllowed(tenant);
        BrandImages.Stored stored = BrandImages.accept(bytes);
        String hash = Hashes.sha256(stored.bytes());
        brands.saveAsset(tenant, hash, stored, clock.instant());
        return save(tenant, expectedVersion, "brand." + image.code() + "_uploaded",
                before -> before.withImage(image, hash));
    }

    @Override
    @Transactional
    public Brand removeImage(TenantId tenant, BrandImage image, @Nullable Integer expectedVersion) {
        return save(tenant, expectedVersion, "brand." + image.code() + "_removed",
                before -> before.withImage(image, null));
    }

    private Brand save(TenantId tenant, @Nullable Integer expectedVersion, String auditType,
            java.util.function.UnaryOperator<BrandSettings> change) {
        Tenant t = tenants.require(tenant);
        requireAllowed(tenant);
        brands.lockNew(tenant);
        BrandSettings before = brands.find(tenant, true).orElse(BrandSettings.NONE);
        if (expectedVersion != null && expectedVersion != before.version()) {
            throw new ProblemException(HttpStatus.PRECONDITION_FAILED, "stale-version",
                    "The brand is at version %d, not %d: read it again".formatted(before.version(), expectedVersion),
                    Map.of("currentVersion", before.version()));
        }
        BrandSettings after = change.apply(before);
        Instant now = clock.instant();
        brands.save(tenant, after, now, Actor.current().display() == null ? Actor.current().id()
                : Actor.current().display());
        audit.record(AuditEntry.of(auditType, tenant, t.slug(), before.version() == 0 ? null : before.asMap(),
                after.asMap()));
        events.publishEvent(new BrandChanged(tenant, t.slug(), after.version(), now));
        afterCommit(tenant);
        return view(tenant, after, true);
    }

    private void requireAllowed(TenantId tenant) {
        if (!allowed(tenant)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "feature-not-in-plan",
                    "The tenant's plan does not include custom branding (feature " + FEATURE + ")",
                    Map.of("feature", FEATURE));
        }
    }

    private void afterCommit(TenantId tenant) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.invalidate(tenant);
                invalidations.broadcast(TOPIC, tenant.value().toString());
            }
        });
    }

    @Override
    public PageResponse<BrandVersion> history(TenantId tenant, PageRequest page) {
        return page.response(brands.history(tenant, page.size(), page.offset()), brands.countHistory(tenant));
    }

    @Override
    public Optional<BrandAsset> asset(TenantId tenant, String hash) {
        if (!hash.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return brands.asset(tenant, hash);
    }

    @Override
    public Optional<String> stylesheet(TenantId tenant, String hash) {
        Brand brand = current(tenant);
        if (!brand.custom() || !hash.equals(cssHash(brand.primaryColor(), brand.secondaryColor()))) {
            return Optional.empty();
        }
        return Optional.of(css(brand.primaryColor(), brand.secondaryColor()));
    }

    @Override
    public List<String> contrastWarnings(String primaryColor, String secondaryColor) {
        if (!Contrast.isColor(primaryColor) || !Contrast.isColor(secondaryColor)) {
            throw ProblemException.invalidField("primaryColor", "must be a colour as #rrggbb");
        }
        return Contrast.warnings(primaryColor.toLowerCase(java.util.Locale.ROOT),
                secondaryColor.toLowerCase(java.util.Locale.ROOT));
    }
}
