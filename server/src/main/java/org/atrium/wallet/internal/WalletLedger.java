package org.atrium.wallet.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.platform.TextLimits;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerResult;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.Wallet;
import org.atrium.wallet.WalletCredited;
import org.atrium.wallet.WalletDebited;
import org.atrium.wallet.WalletDiscrepancy;
import org.atrium.wallet.WalletTransaction;
import org.atrium.wallet.WalletTransactionQuery;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.ObjectMapper;

/**
 * The rules of wallet movements, one transaction per call. Every movement locks the wallet row first, then looks for
 * its reference: concurrent movements of one wallet therefore run one after the other, and a repeated reference
 * always finds the row the first attempt wrote. {@link Ledgers} stores what is decided here.
 */
@Service
class WalletLedger implements Wallets {

    /** What {@code numeric(19,4)} holds: 15 digits before the point. */
    static final BigDecimal MAX_BALANCE = new BigDecimal("999999999999999.9999");

    private final Ledgers ledgers;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Tenants tenants;

    WalletLedger(Ledgers ledgers, ObjectMapper json, Clock clock, AuditLog audit, ApplicationEventPublisher events,
            Tenants tenants) {
        this.ledgers = ledgers;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
        this.tenants = tenants;
    }

    /** Opens the new tenant's wallet inside the transaction that creates the tenant; a second call does nothing. */
    @EventListener
    @Transactional
    void open(TenantCreated event) {
        Currency currency = Currency.getInstance(event.currency());
        if (ledgers.open(event.tenantId(), currency, clock.instant())) {
            audit.record(AuditEntry.of("saas.wallet.opened", event.tenantId(), event.slug(), null,
                    Map.of("balance", Money.zero(currency).toPlainString(), "currency", currency.getCurrencyCode())));
        }
    }

    @Override
    public Wallet require(TenantId tenant) {
        return ledgers.find(tenant)
                .orElseThrow(() -> ProblemException.notFound("Wallet of tenant", tenant.toString()));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<TenantId, Wallet> lockAll(Collection<TenantId> tenants) {
        return ledgers.lockAll(tenants);
    }

    @Override
    @Transactional
    public LedgerResult credit(TenantId tenant, LedgerRequest request) {
        return recordAll(List.of(new Movement(tenant, request, true))).get(0);
    }

    @Override
    @Transactional
    public LedgerResult debit(TenantId tenant, LedgerRequest request) {
        return recordAll(List.of(new Movement(tenant, request, false))).get(0);
    }

    @Override
    @Transactional
    public List<LedgerResult> debitAll(List<Debit> debits) {
        return recordAll(debits.stream().map(d -> new Movement(d.tenant(), d.request(), false)).toList());
    }

    @Override
    public Optional<WalletTransaction> transaction(TenantId tenant, String reference) {
        return ledgers.transaction(tenant, reference);
    }

    @Override
    public PageResponse<WalletTransaction> transactions(TenantId tenant, PageRequest page,
            WalletTransactionQuery query) {
        return ledgers.transactions(tenant, page, query);
    }

    @Override
    public Map<TenantId, Wallet> findAll(Collection<TenantId> tenants) {
        return ledgers.findAll(tenants);
    }

    @Override
    public java.util.Set<TenantId> tenantsWithBalanceBelow(BigDecimal amount) {
        return ledgers.tenantsWithBalanceBelow(amount);
    }

    @Override
    @Transactional(readOnly = true)
    public List<WalletDiscrepancy> verifyAll() {
        return ledgers.verifyAll();
    }

    /** One movement of a batch. */
    private record Movement(TenantId tenant, LedgerRequest request, boolean credit) {
    }

    /** A movement whose fields are valid, with its reference and description cleaned. */
    private record Valid(Movement movement, String reference, @Nullable String description,
            @Nullable Currency currency) {
    }

    /** What a movement comes to: the earlier movement of its reference, or a row to write. */
    private record Outcome(@Nullable WalletTransaction replayed, Ledgers.@Nullable Row row) {
    }

    /**
     * Records movements with the rules of a single one, each in turn, in one statement for all of them: the wallets
     * are locked together (in tenant order, so that two batches cannot deadlock), a reference recorded earlier is
     * answered with its first movement, and a refusal of any movement refuses them all.
     */
    private List<LedgerResult> recordAll(List<Movement> movements) {
        List<Valid> valid = new ArrayList<>(movements.size());
        for (Movement m : movements) {
            valid.add(validate(m));
        }
        List<TenantId> moving = movements.stream().map(Movement::tenant).distinct().toList();
        Map<TenantId, Wallet> locked = ledgers.lockAll(moving);
        Map<String, WalletTransaction> earlier = ledgers.earlier(valid.stream().map(v -> v.movement().tenant())
                .toList(), valid.stream().map(Valid::reference).toList());
        Map<TenantId, Wallet> current = new HashMap<>(locked);
        Map<String, Ledgers.Row> pending = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>(valid.size());
        for (Valid v : valid) {
            outcomes.add(plan(v, current, earlier, pending));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<UUID, WalletTransaction> written = pending.isEmpty() ? Map.of()
                : ledgers.write(List.copyOf(pending.values()), locked, current, Actor.current().id(), now);
        Map<TenantId, Tenant> owners = pending.isEmpty() ? Map.of() : tenants.findAll(moving);
        List<LedgerResult> results = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            if (outcome.replayed() != null) {
                results.add(new LedgerResult(outcome.replayed(), true));
                continue;
            }
            Ledgers.Row row = outcome.row();
            WalletTransaction recorded = written.get(row.id());
            boolean credit = row.signed().isPositive();
            Money before = row.balanceAfter().minus(row.signed());
            String currency = row.signed().currencyCode();
            audit.record(AuditEntry.of(credit ? "saas.wallet.credited" : "saas.wallet.debited", row.tenant(),
                    row.reference(), Map.of("balance", before.toPlainString(), "currency", currency),
                    Map.of("balance", row.balanceAfter().toPlainString(), "currency", currency, "transaction",
                            recorded)));
            String slug = owners.get(row.tenant()).slug();
            events.publishEvent(credit
                    ? new WalletCredited(row.tenant(), row.id(), row.type(), row.signed(), row.balanceAfter(),
                            row.reference(), slug, before, now)
                    : new WalletDebited(row.tenant(), row.id(), row.type(), row.signed().negate(), row.balanceAfter(),
                            row.reference(), slug, before, now));
            results.add(new LedgerResult(recorded, false));
        }
        return results;
    }

    private Valid validate(Movement m) {
        LedgerRequest request = m.request();
        boolean credit = m.credit();
        Map<String, String> errors = new LinkedHashMap<>();
        LedgerType type = request.type();
        if (type == null) {
            errors.put("type", "is required");
        } else if (type.isCredit() != credit) {
            errors.put("type", "%s is a %s, not a %s".formatted(type.code(), type.isCredit() ? "credit" : "debit",
                    credit ? "credit" : "debit"));
        }
        String reference = request.reference() == null ? "" : request.reference().strip();
        if (reference.isEmpty()) {
            errors.put("reference", "is required: the idempotency key of this movement");
        } else if (reference.length() > 200) {
            errors.put("reference", "at most 200 characters");
        }
        String description = request.description() == null || request.description().isBlank() ? null
                : request.description().strip();
        if (description == null && (type == LedgerType.MANUAL_CREDIT || type == LedgerType.MANUAL_DEBIT)) {
            errors.put("description", "is required for a manual movement: say why");
        } else if (description != null && description.length() > TextLimits.REASON) {
            errors.put("description", "at most %d characters".formatted(TextLimits.REASON));
        }
        if (request.gateway() != null && (request.gateway().isBlank() || request.gateway().length() > 50)) {
            errors.put("gateway", "1 to 50 characters, or absent");
        }
        BigDecimal rawAmount = request.amount();
        if (rawAmount == null) {
            errors.put("amount", "is required");
        } else if (rawAmount.signum() <= 0) {
            errors.put("amount", "must be greater than zero");
        } else if (rawAmount.compareTo(Money.MAX_AMOUNT) >= 0) {
            errors.put("amount", "must be less than " + Money.MAX_AMOUNT.toPlainString());
        }
        Currency requested = null;
        if (request.currency() != null) {
            try {
                requested = Currency.getInstance(request.currency());
            } catch (IllegalArgumentException e) {
                errors.put("currency", "'%s' is not an ISO 4217 currency code".formatted(request.currency()));
            }
        }
        rejectIf(errors);
        return new Valid(m, reference, description, requested);
    }

    /**
     * Decides one movement against the wallet as the movements before it in the batch left it: the earlier movement
     * of its reference (a replay), or the row to write. Throws the movement's refusal.
     */
    private Outcome plan(Valid v, Map<TenantId, Wallet> current, Map<String, WalletTransaction> earlier,
            Map<String, Ledgers.Row> pending) {
        Movement m = v.movement();
        LedgerType type = m.request().type();
        Wallet wallet = current.get(m.tenant());
        if (wallet == null) {
            throw ProblemException.notFound("Wallet of tenant", m.tenant().toString());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Currency currency = wallet.balance().currency();
        if (v.currency() != null && !v.currency().equals(currency)) {
            errors.put("currency", "must be the wallet's currency %s".formatted(currency.getCurrencyCode()));
        }
        Money amount = null;
        try {
            amount = new Money(m.request().amount(), currency);
        } catch (IllegalArgumentException e) {
            errors.put("amount", e.getMessage());
        }
        rejectIf(errors);
        Money signed = m.credit() ? amount : amount.negate();

        String key = m.tenant().value() + "|" + v.reference();
        Ledgers.Row sameBatch = pending.get(key);
        WalletTransaction first = earlier.get(key);
        if (first != null || sameBatch != null) {
            LedgerType firstType = first != null ? first.type() : sameBatch.type();
            Money firstAmount = first != null ? first.amount() : sameBatch.signed();
            if (firstType != type || firstAmount.compareTo(signed) != 0) {
                Map<String, Object> members = new LinkedHashMap<>();
                members.put("reference", v.reference());
                members.put("recordedType", firstType.code());
                members.put("recordedAmount", firstAmount.toPlainString());
                members.put("currency", currency.getCurrencyCode());
                throw new ProblemException(HttpStatus.CONFLICT, "reference-conflict",
                        "Reference '%s' was already used for a %s of %s; a reference names one movement"
                                .formatted(v.reference(), firstType.code(), firstAmount),
                        members);
            }
            if (first != null) {
                return new Outcome(first, null);
            }
            throw ProblemException.conflict("reference-conflict",
                    "Reference '%s' names two movements of one batch".formatted(v.reference()));
        }

        Money balanceAfter = wallet.balance().plus(signed);
        if (balanceAfter.amount().abs().compareTo(MAX_BALANCE) > 0) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "balance-out-of-range",
                    "The movement would take the balance to %s, past the largest balance a wallet holds (%s)."
                            .formatted(balanceAfter, MAX_BALANCE.toPlainString()),
                    Map.of("balance", wallet.balance().toPlainString(), "maxBalance", MAX_BALANCE.toPlainString(),
                            "currency", currency.getCurrencyCode()));
        }
        if (type == LedgerType.SUBSCRIPTION_PAYMENT && balanceAfter.isNegative()) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("requiredAmount", amount.toPlainString());
            members.put("balance", wallet.balance().toPlainString());
            members.put("currency", currency.getCurrencyCode());
            throw new ProblemException(HttpStatus.PAYMENT_REQUIRED, "insufficient-funds",
                    "The wallet holds %s; %s is required".formatted(wallet.balance(), amount), members);
        }
        long seq = wallet.transactions() + 1;
        Map<String, Object> metadata = m.request().metadata() == null ? Map.of() : m.request().metadata();
        Ledgers.Row row = new Ledgers.Row(Ids.newId(clock), m.tenant(), seq, type, signed, balanceAfter, v.reference(),
                m.request().gateway(), v.description(), json.writeValueAsString(metadata));
        pending.put(key, row);
        current.put(m.tenant(), new Wallet(wallet.tenantId(), balanceAfter, seq, wallet.createdAt(),
                wallet.updatedAt()));
        return new Outcome(null, row);
    }

    private static void rejectIf(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The movement is not valid: " + errors, errors);
        }
    }
}
