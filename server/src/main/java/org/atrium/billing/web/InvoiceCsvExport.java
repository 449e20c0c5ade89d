package org.atrium.billing.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.billing.InvoiceExports;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The invoice list as CSV, with the list's filters: streamed as it is read from a database cursor (a few hundred
 * rows in memory at a time, however many there are), so the browser's download shows its progress.
 */
@Controller
class InvoiceCsvExport {

    /** Rows whose tenants are looked up together. */
    private static final int BATCH = 500;
    private static final String HEADER = "number,tenant,type,status,issue_date,due_date,currency,total,amount_paid,"
            + "amount_refunded\r\n";

    private final InvoiceExports exports;
    private final Tenants tenants;

    InvoiceCsvExport(InvoiceExports exports, Tenants tenants) {
        this.exports = exports;
        this.tenants = tenants;
    }

    @GetMapping("/hq/invoices/export.csv")
    @PreAuthorize(InvoicePages.READ)
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String tenant,
            @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
            @RequestParam(defaultValue = "") String min, @RequestParam(defaultValue = "") String max) {
        InvoiceQuery query = query(status.strip(), type.strip(), tenant.strip(), from.strip(), to.strip(),
                min.strip(), max.strip());
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            writer.write(HEADER);
            List<InvoiceExports.Row> batch = new ArrayList<>(BATCH);
            exports.forEach(query, row -> {
                batch.add(row);
                if (batch.size() == BATCH) {
                    write(writer, batch);
                }
            });
            write(writer, batch);
            writer.flush();
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", ContentDisposition.attachment().filename("invoices.csv").build()
                        .toString())
                .header("Cache-Control", "no-store").body(body);
    }

    private void write(Writer writer, List<InvoiceExports.Row> batch) {
        Map<TenantId, Tenant> named = tenants.findAll(batch.stream().map(InvoiceExports.Row::tenantId).toList());
        try {
            for (InvoiceExports.Row r : batch) {
                Tenant t = named.get(r.tenantId());
                writer.write(String.join(",", cell(r.number()), cell(t == null ? "" : t.slug()), r.type().code(),
                        r.status().code(), r.issueDate() == null ? "" : r.issueDate().toString(),
                        r.dueDate() == null ? "" : r.dueDate().toString(), r.total().currencyCode(),
                        r.total().toPlainString(), r.amountPaid().toPlainString(), r.amountRefunded().toPlainString()));
                writer.write("\r\n");
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
    }

    /**
     * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading {@code = + - @} is
     * neutralised with an apostrophe so that a spreadsheet does not run it as a formula.
     */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private InvoiceQuery query(String status, String type, String tenant, String from, String to, String min,
            String max) {
        TenantId tenantId = null;
        if (!tenant.isEmpty()) {
            tenantId = tenants.findIdBySlug(tenant)
                    .orElseThrow(() -> ProblemException.invalidField("tenant", "no tenant has this slug"));
        }
        try {
            return new InvoiceQuery(tenantId, status.isEmpty() ? null : InvoiceStatus.fromCode(status),
                    type.isEmpty() ? null : InvoiceType.fromCode(type),
                    from.isEmpty() ? null : java.time.LocalDate.parse(from),
                    to.isEmpty() ? null : java.time.LocalDate.parse(to),
                    min.isEmpty() ? null : new java.math.BigDecimal(min),
                    max.isEmpty() ? null : new java.math.BigDecimal(max));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ProblemException.badRequest("validation", "A filter of the export is not valid: " + e.getMessage());
        }
    }
}
