package org.atrium.notifications.internal;

import java.util.List;
import java.util.Optional;

import org.atrium.notifications.NotificationBranding;
import org.atrium.notifications.NotificationBranding.MailBrand;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/** Wraps a tenant's mail in its brand: a header (logo, name) after {@code <body>}, a footer before {@code </body>}. */
@Component
class BrandedMail {

    private final List<NotificationBranding> brandings;

    BrandedMail(List<NotificationBranding> brandings) {
        this.brandings = brandings;
    }

    RenderedNotification apply(@Nullable TenantId tenant, RenderedNotification mail) {
        if (tenant == null || brandings.isEmpty()) {
            return mail;
        }
        Optional<MailBrand> brand = brandings.get(0).mailBrand(tenant);
        if (brand.isEmpty()) {
            return mail;
        }
        return new RenderedNotification(mail.subject(), wrap(mail.html(), brand.get()), mail.text());
    }

    static String wrap(String html, MailBrand brand) {
        StringBuilder header = new StringBuilder("\n<div id=\"brand-header\">");
        if (brand.logoUrl() != null) {
            header.append("<img src=\"").append(HtmlUtils.htmlEscape(brand.logoUrl())).append("\" alt=\"")
                    .append(HtmlUtils.htmlEscape(brand.name())).append("\" height=\"40\"> ");
        }
        header.append("<strong>").append(HtmlUtils.htmlEscape(brand.name())).append("</strong></div>\n");
        StringBuilder footer = new StringBuilder("<div id=\"brand-footer\">");
        if (brand.footerText() != null) {
            footer.append("<p>").append(HtmlUtils.htmlEscape(brand.footerText()).replace("\n", "<br>"))
                    .append("</p>");
        }
        String support = String.join(" · ", java.util.stream.Stream.of(brand.supportEmail(), brand.supportPhone(),
                brand.supportUrl()).filter(java.util.Objects::nonNull).map(HtmlUtils::htmlEscape).toList());
        if (!support.isEmpty()) {
            footer.append("<p>Support: ").append(support).append("</p>");
        }
        footer.append("</div>\n");
        int body = html.indexOf("<body");
        int bodyEnd = body < 0 ? -1 : html.indexOf('>', body);
        int close = html.lastIndexOf("</body>");
        if (bodyEnd < 0 || close < bodyEnd) {
            return header + html + footer;
        }
        return html.substring(0, bodyEnd + 1) + header + html.substring(bodyEnd + 1, close) + footer
                + html.substring(close);
    }
}
