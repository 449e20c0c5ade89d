package org.atrium.branding.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.branding.BrandAsset;
import org.atrium.branding.BrandVersion;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of brands: the current row, its history and the stored images. */
@Repository
class Brands {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    Brands(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<BrandSettings> find(TenantId tenant, boolean lock) {
        return jdbc.sql("select * from brand_settings where tenant_id = :tenant" + (lock ? " for update" : ""))
                .param("tenant", tenant.value())
                .query((rs, n) -> new BrandSettings(rs.getInt("version"), rs.getString("display_name"),
                        rs.getString("primary_color"), rs.getString("secondary_color"), rs.getString("support_email"),
                        rs.getString("support_phone"), rs.getString("support_url"), rs.getString("footer_text"),
                        rs.getString("logo_hash"), rs.getString("favicon_hash")))
                .optional();
    }

    /** Serialises first writers of a tenant's brand (there is no row to lock yet). */
    void lockNew(TenantId tenant) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('brand:' || :tenant, 0))")
                .param("tenant", tenant.value().toString()).query((rs, n) -> 1).single();
    }

    void save(TenantId tenant, BrandSettings s, Instant now, String by) {
        jdbc.sql("""
                insert into brand_settings (tenant_id, version, display_name, primary_color, secondary_color,
                    support_email, support_phone, support_url, footer_text, logo_hash, favicon_hash, updated_at,
                    updated_by)
                values (:tenant, :version, :name, :primary, :secondary, :email, :phone, :url, :footer, :logo,
                    :favicon, :now, :by)
                on conflict (tenant_id) do update set version = excluded.version,
                    display_name = excluded.display_name, primary_color = excluded.primary_color,
                    secondary_color = excluded.secondary_color, support_email = excluded.support_email,
                    support_phone = excluded.support_phone, support_url = excluded.support_url,
                    footer_text = excluded.footer_text, logo_hash = excluded.logo_hash,
                    favicon_hash = excluded.favicon_hash, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """).param("tenant", tenant.value()).param("version", s.version()).param("name", s.displayName())
                .param("primary", s.primaryColor()).param("secondary", s.secondaryColor())
                .param("email", s.supportEmail()).param("phone", s.supportPhone()).param("url", s.supportUrl())
                .param("footer", s.footerText()).param("logo", s.logoHash()).param("favicon", s.faviconHash())
                .param("now", Timestamp.from(now)).param("by", by).update();
        jdbc.sql("""
                insert into brand_history (tenant_id, version, settings, changed_at, changed_by)
                values (:tenant, :version, cast(:settings as jsonb), :now, :by)
                """).param("tenant", tenant.value()).param("version", s.version())
                .param("settings", JSON.writeValueAsString(s.asMap())).param("now", Timestamp.from(now))
                .param("by", by).update();
    }

    long countHistory(TenantId tenant) {
        return jdbc.sql("select count(*) from brand_history where tenant_id = :tenant").param("tenant", tenant.value())
                .query(Long.class).single();
    }

    List<BrandVersion> history(TenantId tenant, int limit, long offset) {
        return jdbc.sql("""
                select version, settings, changed_at, changed_by from brand_history where tenant_id = :tenant
                order by version desc limit :limit offset :offset
                """).param("tenant", tenant.value()).param("limit", limit).param("offset", offset)
                .query((rs, n) -> new BrandVersion(rs.getInt("version"), settings(rs.getString("settings")),
                        rs.getTimestamp("changed_at").toInstant(), rs.getString("changed_by")))
                .list();
    }

    private static Map<String, @Nullable Object> settings(String json) {
        return JSON.readValue(json, new TypeReference<Map<String, @Nullable Object>>() {
        });
    }

    void saveAsset(TenantId tenant, String hash, BrandImages.Stored image, Instant now) {
        jdbc.sql("""
                insert into brand_assets (tenant_id, hash, content_type, content, width, height, created_at)
                values (:tenant, :hash, :type, :content, :width, :height, :now)
                on conflict (tenant_id, hash) do nothing
                """).param("tenant", tenant.value()).param("hash", hash).param("type", image.contentType())
                .param("content", image.bytes()).param("width", image.width()).param("height", image.height())
                .param("now", Timestamp.from(now)).update();
    }

    Optional<BrandAsset> asset(TenantId tenant, String hash) {
        return jdbc.sql("select * from brand_assets where tenant_id = :tenant and hash = :hash")
                .param("tenant", tenant.value()).param("hash", hash)
                .query((rs, n) -> new BrandAsset(rs.getString("hash"), rs.getString("content_type"),
                        rs.getBytes("content"), rs.getInt("width"), rs.getInt("height")))
                .optional();
    }
}
