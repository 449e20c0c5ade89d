package org.atrium.notifications.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.TextChannel;
import org.atrium.notifications.TextMessages;
import org.atrium.notifications.TextProvider;
import org.atrium.notifications.TextProvider.TextAccount;
import org.atrium.notifications.TextProvider.TextDeliveryFailed;
import org.atrium.notifications.TextSettings;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.secrets.SealedSecretStore;
import org.atrium.platform.secrets.Secrets;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@link TextMessages} API: SMS through Twilio, WhatsApp through UltraMsg, with the tenant's own account when it
 * has one for the channel (its secret sealed with the master key), otherwise the platform's configuration.
 */
@Service
class TextMessaging implements TextMessages, SealedSecretStore {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Secrets secrets;
    private final AuditLog audit;
    private final TenantTemplates templates;
    private final Map<String, TextProvider> providers = new HashMap<>();
    private final Map<TextChannel, String> apiBases;
    private final Map<TextChannel, @Nullable TextAccount> platformAccounts = new HashMap<>();

    TextMessaging(JdbcClient jdbc, Clock clock, Secrets secrets, AuditLog audit, TenantTemplates templates,
            List<TextProvider> providers,
            @Value("${atrium.text.twilio.api-base:https://api.twilio.com}") String twilioBase,
            @Value("${atrium.text.twilio.account-sid:}") String twilioSid,
            @Value("${atrium.text.twilio.auth-token:}") String twilioToken,
            @Value("${atrium.text.twilio.from:}") String twilioFrom,
            @Value("${atrium.text.ultramsg.api-base:https://api.ultramsg.com}") String ultraBase,
            @Value("${atrium.text.ultramsg.instance:}") String ultraInstance,
            @Value("${atrium.text.ultramsg.token:}") String ultraToken) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secrets = secrets;
        this.audit = audit;
        this.templates = templates;
        providers.forEach(p -> this.providers.put(p.name(), p));
        this.apiBases = Map.of(TextChannel.SMS, strip(twilioBase), TextChannel.WHATSAPP, strip(ultraBase));
        platformAccounts.put(TextChannel.SMS, twilioSid.isBlank() || twilioToken.isBlank() ? null
                : new TextAccount(strip(twilioBase), twilioSid, twilioToken, twilioFrom));
        platformAccounts.put(TextChannel.WHATSAPP, ultraInstance.isBlank() || ultraToken.isBlank() ? null
                : new TextAccount(strip(ultraBase), ultraInstance, ultraToken, null));
    }

    static String provider(TextChannel channel) {
        return channel == TextChannel.SMS ? "twilio" : "ultramsg";
    }

    @Override
    public String send(@Nullable TenantId tenant, TextChannel channel, String to, NotificationType type,
            Map<String, @Nullable Object> model) {
        if (!E164.matcher(to).matches()) {
            throw ProblemException.invalidField("to", "must be a phone number in E.164 form, such as +447700900123");
        }
        TextAccount account = account(tenant, channel).orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT,
                "text-channel-not-configured", "No %s account is configured for the tenant or the platform"
                        .formatted(channel.code())));
        String body = text(tenant, type, model);
        String id;
        try {
            id = providers.get(provider(channel)).send(account, to, body);
        } catch (TextDeliveryFailed e) {
            throw new ProblemException(HttpStatus.BAD_GATEWAY, "text-delivery-failed", e.getMessage());
        }
        audit.record(AuditEntry.of("notification.text_sent", tenant, type.code(), null,
                Map.of("channel", channel.code(), "provider", provider(channel), "providerId", id)));
        return id;
    }

    /** The SMS text of a notification: the tenant's override, otherwise the default. */
    String text(@Nullable TenantId tenant, NotificationType type, Map<String, @Nullable Object> model) {
        String template = templates.override(tenant, type).map(t -> t.sms())
                .filter(s -> !s.isBlank()).orElseGet(() -> templates.defaults(type).sms());
        return templates.render(new org.atrium.notifications.TemplateText("-", template, ""), model).text();
    }

    private Optional<TextAccount> account(@Nullable TenantId tenant, TextChannel channel) {
        if (tenant != null) {
            Optional<TextAccount> own = jdbc.sql("""
                    select account, secret_sealed, sender from text_message_settings
                    where tenant_id = :tenant and channel = :channel
                    """).param("tenant", tenant.value()).param("channel", channel.code())
                    .query((rs, n) -> new TextAccount(apiBases.get(channel), rs.getString("account"),
                            secrets.open(rs.getString("secret_sealed"), context(tenant, channel)),
                            rs.getString("sender")))
                    .optional();
            if (own.isPresent()) {
                return own;
            }
        }
        return Optional.ofNullable(platformAccounts.get(channel));
    }

    @Override
    public Optional<TextSettings> settings(TenantId tenant, TextChannel channel) {
        return jdbc.sql("""
                select provider, account, secret_sealed, sender from text_message_settings
                where tenant_id = :tenant and channel = :channel
                """).param("tenant", tenant.value()).param("channel", channel.code())
                .query((rs, n) -> new TextSettings(channel, rs.getString("provider"), rs.getString("account"),
                        Secrets.lastFour(secrets.open(rs.getString("secret_sealed"), context(tenant, channel))),
                        rs.getString("sender")))
                .optional();
    }

    @Override
    @Transactional
    public TextSettings configure(TenantId tenant, TextChannel channel, TextSettings.Change change) {
        String account = change.account() == null ? "" : change.account().strip();
        String secret = change.secret() == null ? "" : change.secret().strip();
        String sender = change.sender() == null || change.sender().isBlank() ? null : change.sender().strip();
        if (!account.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ProblemException.invalidField("account", "the Twilio account SID or UltraMsg instance id");
        }
        if (secret.isEmpty() || secret.length() > 200) {
            throw ProblemException.invalidField("secret", "the Twilio auth token or UltraMsg token, 1 to 200 characters");
        }
        if (channel == TextChannel.SMS && (sender == null || !E164.matcher(sender).matches())) {
            throw ProblemException.invalidField("sender", "the Twilio From number in E.164 form");
        }
        jdbc.sql("""
                insert into text_message_settings (tenant_id, channel, provider, account, secret_sealed, sender,
                    updated_at)
                values (:tenant, :channel, :provider, :account, :secret, :sender, :now)
                on conflict (tenant_id, channel) do update set provider = excluded.provider,
                    account = excluded.account, secret_sealed = excluded.secret_sealed, sender = excluded.sender,
                    updated_at = excluded.updated_at
                """).param("tenant", tenant.value()).param("channel", channel.code())
                .param("provider", provider(channel)).param("account", account)
                .param("secret", secrets.seal(secret, context(tenant, channel))).param("sender", sender)
                .param("now", Timestamp.from(clock.instant())).update();
        audit.record(AuditEntry.of("notification.text_settings_changed", tenant, channel.code(), null,
                Map.of("provider", provider(channel), "account", account)));
        return settings(tenant, channel).orElseThrow();
    }

    @Override
    @Transactional
    public void removeSettings(TenantId tenant, TextChannel channel) {
        int removed = jdbc.sql("delete from text_message_settings where tenant_id = :tenant and channel = :channel")
                .param("tenant", tenant.value()).param("channel", channel.code()).update();
        if (removed == 0) {
            throw ProblemException.notFound("Text settings", channel.code());
        }
        audit.record(AuditEntry.of("notification.text_settings_removed", tenant, channel.code(), null, null));
    }

    @Override
    public String name() {
        return "text-message-settings";
    }

    @Override
    public int resealAll(Secrets secrets) {
        int[] count = { 0 };
        jdbc.sql("select tenant_id, channel, secret_sealed from text_message_settings").query(rs -> {
            String sealed = rs.getString("secret_sealed");
            if (secrets.needsResealing(sealed)) {
                TenantId tenant = new TenantId(rs.getObject("tenant_id", java.util.UUID.class));
                TextChannel channel = TextChannel.fromCode(rs.getString("channel"));
                jdbc.sql("update text_message_settings set secret_sealed = :s where tenant_id = :t and channel = :c")
                        .param("s", secrets.reseal(sealed, context(tenant, channel))).param("t", tenant.value())
                        .param("c", channel.code()).update();
                count[0]++;
            }
        });
        return count[0];
    }

    private static String context(TenantId tenant, TextChannel channel) {
        return "tenant:" + tenant.value() + ":text." + channel.code() + ".secret";
    }

    private static String strip(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
