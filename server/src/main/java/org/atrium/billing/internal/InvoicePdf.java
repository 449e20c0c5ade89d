package org.atrium.billing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

/**
 * Renders the XHTML template {@code templates/billing/invoice.html} and turns it into a PDF. The renderer may load
 * nothing from outside: the document is self-contained, and a name on an invoice must never make the server fetch a
 * URL.
 */
@Component
class InvoicePdf {

    static final String TEMPLATE = "billing/invoice";
    static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    static final String FONT_FAMILY = "Invoice Sans";

    private final ITemplateEngine templates;

    InvoicePdf(ITemplateEngine templates) {
        this.templates = templates;
    }

    String html(InvoiceDocument document) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("doc", document);
        return templates.process(TEMPLATE, context);
    }

    byte[] render(InvoiceDocument document) {
        String html = html(document);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            // An embedded Unicode font, so that names in Polish, Greek or Cyrillic print as written (the PDF base
            // fonts only know Western European letters). PDFBox ships it; bold is drawn with the same face.
            for (int weight : new int[] { 400, 700 }) {
                builder.useFont(() -> InvoicePdf.class.getResourceAsStream(FONT), FONT_FAMILY, weight,
                        BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.useExternalResourceAccessControl((uri, type) -> false,
                    ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> false,
                    ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.withProducer("Atrium");
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render invoice " + document.number(), e);
        }
        return out.toByteArray();
    }
}
