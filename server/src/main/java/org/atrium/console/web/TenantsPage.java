package org.atrium.console.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
import org.atrium.tenancy.TenantDraft;
import org.atrium.tenancy.TenantQuery;
import org.atrium.tenancy.TenantStatus;
import org.atrium.wallet.Wallet;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The tenant list: search (slug, name, contact email), filters (status, plan, created between, balance below),
 * sort and paging, all on the server and all in the URL, so a list can be bookmarked and the back button works. An
 * htmx request gets only the results fragment of the same template. Also the form that creates a tenant.
 */
@Controller
@RequestMapping("/hq/tenants")
class TenantsPage extends ConsolePage {

    static final Map<String, String> SORTS = Map.of("name", "name", "slug", "slug", "createdAt", "created_at",
            "status", "status", "plan", "plan_slug");

    private final TenantAdministration administration;
    private final Wallets wallets;
    private final Catalog catalog;

    TenantsPage(TenantAdministration administration, Wallets wallets, Catalog catalog) {
        this.administration = administration;
        this.wallets = wallets;
        this.catalog = catalog;
    }

    /** The list's state, as the URL carries it. */
    record Filters(String q, String status, String plan, String createdFrom, String createdTo, String balanceBelow,
            boolean deleted, String sort, int page, int size) {

        String url(String sortSpec, int pageNumber) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/hq/tenants");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("q", q);
            params.put("status", status);
            params.put("plan", plan);
            params.put("createdFrom", createdFrom);
            params.put("createdTo", createdTo);
            params.put("balanceBelow", balanceBelow);
            params.put("deleted", deleted ? "true" : "");
            params.put("sort", sortSpec.equals("createdAt,desc") ? "" : sortSpec);
            params.put("page", pageNumber == 0 ? "" : String.valueOf(pageNumber));
            params.put("size", size == PageRequest.DEFAULT_SIZE ? "" : String.valueOf(size));
            params.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    b.queryParam(k, v);
                }
            });
            return b.encode().build().toUriString();
        }

        /** The CSV export of the list as filtered and sorted now, every page. */
        public String exportUrl() {
            return url(sort, 0).replaceFirst("^/hq/tenants", "/hq/tenants/export.csv");
        }

        public String pageUrl(int pageNumber) {
            return url(sort, pageNumber);
        }

        /** Sorting by a column: ascending first, descending when it is already ascending. */
        public String sortUrl(String field) {
            return url(sort.equals(field) ? field + ",desc" : field, 0);
        }

        /** {@code ascending}, {@code descending} or {@code none}, for the column header's {@code aria-sort}. */
        public String sortState(String field) {
            return sort.equals(field) ? "ascending" : sort.equals(field + ",desc") ? "descending" : "none";
        }
    }

    record Row(Tenant tenant, @Nullable Wallet wallet) {
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String plan, @RequestParam(defaultValue = "") String createdFrom,
            @RequestParam(defaultValue = "") String createdTo, @RequestParam(defaultValue = "") String balanceBelow,
            @RequestParam(defaultValue = "false") boolean deleted, @RequestParam(defaultValue = "") String sort,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
            HttpServletResponse response) {
        String sortSpec = sort.isBlank() ? "createdAt,desc" : sort.strip();
        Filters filters = new Filters(q.strip(), status.strip(), plan.strip(), createdFrom.strip(), createdTo.strip(),
                balanceBelow.strip(), deleted, sortSpec, page == null ? 0 : page,
                size == null ? PageRequest.DEFAULT_SIZE : size);
        model.addAttribute("filters", filters);
        model.addAttribute("statuses", TenantStatus.values());
        model.addAttribute("plans", catalog.plans(null));
        try {
            PageRequest paging = PageRequest.of(filters.page(), filters.size(), sortSpec, SORTS, "createdAt,desc");
            PageResponse<Tenant> found = administration.list(query(filters), paging);
            Map<TenantId, Wallet> balances = wallets.findAll(found.items().stream().map(Tenant::id).toList());
            model.addAttribute("rows", found.items().stream().map(t -> new Row(t, balances.get(t.id()))).toList());
            model.addAttribute("total", found.totalItems());
            long pages = (found.totalItems() + paging.size() - 1) / paging.size();
            model.addAttribute("pages", pages);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("rows", List.of());
            model.addAttribute("total", 0L);
            model.addAttribute("pages", 0L);
        }
        return htmx != null ? "console/tenants :: results" : "console/tenants";
    }

    /** Rows a CSV export reads per query: the export is written page by page, never held whole. */
    static final int EXPORT_PAGE = 100;

    /**
     * The list as CSV with the filters and sort of the page, every page of it: each page is read, written and
     * flushed before the next is asked for, so memory holds one page whatever the size of the list.
     */
    @GetMapping("/export.csv")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    void export(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String plan, @RequestParam(defaultValue = "") String createdFrom,
            @RequestParam(defaultValue = "") String createdTo, @RequestParam(defaultValue = "") String balanceBelow,
            @RequestParam(defaultValue = "false") boolean deleted, @RequestParam(defaultValue = "") String sort,
            HttpServletResponse response) throws java.io.IOException {
        String sortSpec = sort.isBlank() ? "createdAt,desc" : sort.strip();
        Filters filters = new Filters(q.strip(), status.strip(), plan.strip(), createdFrom.strip(), createdTo.strip(),
                balanceBelow.strip(), deleted, sortSpec, 0, EXPORT_PAGE);
        TenantQuery query = query(filters);
        // Checked before the first byte: a bad filter or sort is the problem page, not half a file.
        PageRequest first = PageRequest.of(0, EXPORT_PAGE, sortSpec, SORTS, "createdAt,desc");
        PageResponse<Tenant> found = administration.list(query, first);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"tenants.csv\"");
        java.io.Writer out = response.getWriter();
        Csv.line(out, List.of("slug", "name", "status", "plan", "admin_email", "created_at", "balance", "currency"));
        for (int page = 0; !found.items().isEmpty(); page++) {
            if (page > 0) {
                found = administration.list(query, PageRequest.of(page, EXPORT_PAGE, sortSpec, SORTS,
                        "createdAt,desc"));
            }
            Map<TenantId, Wallet> balances = wallets.findAll(found.items().stream().map(Tenant::id).toList());
            for (Tenant t : found.items()) {
                Wallet w = balances.get(t.id());
                Csv.line(out, List.of(Csv.text(t.slug()), Csv.text(t.name()),
                        Csv.text(t.isDeleted() ? "deleted" : t.effectiveStatus().code()), Csv.text(t.plan()),
                        Csv.text(t.contact().email() == null ? "" : t.contact().email()),
                        Csv.text(t.createdAt().toString()),
                        Csv.number(w == null ? "" : w.balance().amount().toPlainString()),
                        Csv.text(w == null ? t.regional().currency() : w.balance().currency().getCurrencyCode())));
            }
            out.flush();
            if ((long) (page + 1) * EXPORT_PAGE >= found.totalItems()) {
                break;
            }
        }
    }

    private TenantQuery query(Filters f) {
        TenantStatus status = null;
        if (!f.status().isEmpty()) {
            try {
                status = TenantStatus.fromCode(f.status());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("status", "is not a status: " + f.status());
            }
        }
        Set<TenantId> among = null;
        if (!f.balanceBelow().isEmpty()) {
            try {
                among = wallets.tenantsWithBalanceBelow(new BigDecimal(f.balanceBelow()));
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("balanceBelow", "is not an amount: " + f.balanceBelow());
            }
        }
        return new TenantQuery(status, f.plan().isEmpty() ? null : f.plan(), f.q().isEmpty() ? null : f.q(),
                f.deleted(), day("createdFrom", f.createdFrom(), 0), day("createdTo", f.createdTo(), 1), among);
    }

    /** A day of the form as the instant its UTC day starts ({@code plusDays} 1: the end of an inclusive range). */
    private static @Nullable Instant day(String field, String value, int plusDays) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "is not a date (yyyy-mm-dd): " + value);
        }
    }

    @GetMapping("/new")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String newTenant(Model model) {
        model.addAttribute("form", new CreateForm("", "", "", "monthly", ""));
        model.addAttribute("plans", activePlans());
        model.addAttribute("errors", Map.of());
        return "console/tenant-new";
    }

    record CreateForm(String slug, String name, String plan, String cycle, String adminEmail) {
    }

    @PostMapping("/new")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String create(@RequestParam(defaultValue = "") String slug, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String plan, @RequestParam(defaultValue = "monthly") String cycle,
            @RequestParam(defaultValue = "") String adminEmail, Model model, HttpServletResponse response) {
        CreateForm form = new CreateForm(slug, name, plan, cycle, adminEmail);
        try {
            Tenant created = administration.create(new TenantDraft(blank(slug), blank(name), null, blank(plan),
                    blank(cycle), blank(adminEmail), null, null, null));
            return "redirect:/hq/tenants/" + created.slug() + "?done=created";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("form", form);
            model.addAttribute("plans", activePlans());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", fieldErrors(e));
            return "console/tenant-new";
        }
    }

    private List<Plan> activePlans() {
        return catalog.plans(true);
    }

    private static @Nullable String blank(String value) {
        return value.isBlank() ? null : value.strip();
    }
}
