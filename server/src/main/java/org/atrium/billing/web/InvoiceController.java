package org.atrium.billing.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.Invoicing;
import org.atrium.billing.ManualPayment;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Invoices")
class InvoiceController {

    private static final Map<String, String> SORTABLE = Map.of("issuedAt", "issued_at", "number", "number",
            "dueDate", "due_date", "total", "total", "status", "status", "createdAt", "created_at");

    private final Invoicing invoicing;
    private final Tenants tenants;

    InvoiceController(Invoicing invoicing, Tenants tenants) {
        this.invoicing = invoicing;
        this.tenants = tenants;
    }

    /** A payment recorded by hand: method wire, cash, check, card or other; paidOn defaults to today. */
    record PaymentBody(ManualPayment.@Nullable Method method, @Nullable String reference, @Nullable LocalDate paidOn,
            @Nullable String note) {
    }

    record CancelBody(@Nullable String reason) {
    }

    /**
     * @param amount    a decimal number or string, in the invoice's currency
     * @param currency  optional; when given it must be the invoice's currency
     * @param reference the refund's idempotency key (and the wallet movement's reference)
     */
    record RefundBody(@Nullable BigDecimal amount, @Nullable String currency, @Nullable String reason,
            @Nullable String reference) {
    }

    @GetMapping("/api/v1/invoices/{number:[A-Z0-9-]+}")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.invoices.manage')")
    InvoiceView get(@PathVariable String number) {
        return InvoiceView.of(invoicing.require(number));
    }

    @GetMapping("/api/v1/invoices/{number:[A-Z0-9-]+}.pdf")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.invoices.manage')")
    @Operation(summary = "The invoice as a PDF document")
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        byte[] document = invoicing.pdf(number);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", ContentDisposition.inline().filename(number + ".pdf").build().toString())
                .body(document);
    }

    @PostMapping("/api/v1/invoices/{number}/payments")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    @Operation(summary = "Record a payment received by hand (wire, cash, check, card, other) for the amount due")
    InvoiceView markPaid(@PathVariable String number, @RequestBody PaymentBody body) {
        return InvoiceView.of(invoicing.markPaid(number,
                new ManualPayment(body.method(), body.reference(), body.paidOn(), body.note())));
    }

    @PostMapping("/api/v1/invoices/{number}/cancel")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    @Operation(summary = "Void an invoice that is not paid")
    InvoiceView cancel(@PathVariable String number, @RequestBody CancelBody body) {
        return InvoiceView.of(invoicing.cancel(number, body.reason()));
    }

    @PostMapping("/api/v1/invoices/{number}/refund")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    @Operation(summary = "Refund part or all of a paid invoice to the tenant's wallet; answers with the credit note (201, or 200 when the reference was refunded before)")
    @ApiResponse(responseCode = "201", description = "Refunded: the invoice with its new credit note")
    @ApiResponse(responseCode = "200", description = "The reference was refunded before: the invoice as it is")
    ResponseEntity<InvoiceView> refund(@PathVariable String number, @RequestBody RefundBody body) {
        Invoice original = invoicing.require(number);
        if (body.currency() != null && !body.currency().equals(original.currency())) {
            throw ProblemException.invalidField("currency",
                    "must be the invoice's currency %s".formatted(original.currency()));
        }
        boolean before = body.reference() != null && !body.reference().isBlank()
                && invoicing.findByIdempotencyKey(original.tenantId(), body.reference().strip()).isPresent();
        Invoice creditNote = invoicing.refund(number, body.amount(), body.reason(), body.reference());
        return ResponseEntity.status(before ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Location", "/api/v1/invoices/" + creditNote.number()).body(InvoiceView.of(creditNote));
    }

    @GetMapping("/api/v1/tenants/{slug}/invoices")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.invoices.manage')")
    @Operation(summary = "The tenant's invoices and credit notes, newest first; filter by status and type")
    PageResponse<InvoiceView> list(@PathVariable String slug, @RequestParam(required = false) String status,
            @RequestParam(required = false) String type, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort,
            HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        Tenant tenant = tenants.requireBySlug(slug);
        InvoiceStatus parsedStatus = null;
        InvoiceType parsedType = null;
        try {
            parsedStatus = status == null ? null : InvoiceStatus.fromCode(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", e.getMessage());
        }
        try {
            parsedType = type == null ? null : InvoiceType.fromCode(type);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("type", e.getMessage());
        }
        return invoicing.list(new InvoiceQuery(tenant.id(), parsedStatus, parsedType),
                PageRequest.of(page, size, sort, SORTABLE, "issuedAt,desc")).map(InvoiceView::of);
    }
}
