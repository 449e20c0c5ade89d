package org.atrium.notifications;

import java.util.Optional;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * The SPI through which a tenant's brand reaches its mails (implemented by the branding module, which sits above
 * notifications): a header with its logo and name, a footer with its text and support contacts. Without an
 * implementation, or for a tenant without its own brand, mails look as they always did.
 */
public interface NotificationBranding {

    Optional<MailBrand> mailBrand(TenantId tenant);

    /**
     * What a mail shows of a brand; every field is plain text (escaped when the mail is made).
     *
     * @param logoUrl an absolute URL of the logo, or null
     */
    record MailBrand(String name, @Nullable String logoUrl, @Nullable String footerText,
            @Nullable String supportEmail, @Nullable String supportPhone, @Nullable String supportUrl) {
    }
}
