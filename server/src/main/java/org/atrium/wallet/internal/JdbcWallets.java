package org.atrium.wallet.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
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
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.atrium.tenancy.TenantCreated;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Wallets and their ledger in two tables. Every movement locks the wallet row first, then looks for its reference:
 * concurrent movements of one wallet therefore run one after the other, and a repeated reference always finds the
 * row the first attempt wrote.
 */
@Service
class JdbcWallets implements Wallets {

    /** Largest single movement: keeps balances far inside numeric(19,4). */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    /** What {@code numeric(19,4)} holds: 15 digits before the point. */
    static final BigDecimal MAX_BALANCE = new BigDecimal("999999999999999.9999");
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    JdbcWallets(JdbcClient jdbc, ObjectMapper json, Clock clock, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
    }

    /** Opens the new tenant's wallet inside the transaction that creates the tenant; a second call does nothing. */
    @EventListener
    @Transactional
    void open(TenantCreated event) {
        Currency currency = Currency.getInstance(event.currency());
        Timestamp now = Timestamp.from(clock.instant());
        int created = jdbc.sql("""
                insert into wallets (tenant_id, currency, balance, transactions, created_at, updated_at)
                values (:tenant, :currency, 0, 0, :now, :now)
                on conflict (tenant_id) do nothing
                """).param("tenant", event.tenantId().value()).param("currency", currency.getCurrencyCode())
                .param("now", now).update();
        if (created == 1) {
            audit.record(AuditEntry.of("saas.wallet.opened", event.tenantId(), event.slug(), null,
                    Map.of("balance", Money.zero(currency).toPlainString(), "currency", currency.getCurrencyCode())));
        }
    }

    @Override
    public Wallet require(TenantId tenant) {
        return jdbc.sql("select * from wallets where tenant_id = :tenant").param("tenant", tenant.value())
                .query(JdbcWallets::wallet).optional()
                .orElseThrow(() -> ProblemException.notFound("Wallet of tenant", tenant.toString()));
    }

    @Override
    @Transactional
    public LedgerResult credit(TenantId tenant, LedgerRequest request) {
        return record(tenant, request, true);
    }

    @Override
    @Transactional
    public LedgerResult debit(TenantId tenant, LedgerRequest request) {
        return record(tenant, request, false);
    }

    @Override
    @Transactional
    public List<LedgerResult> debitAll(List<Debit> debits) {
        return recordAll(debits.stream().map(d -> new Movement(d.tenant(), d.request(), false)).toList());
    }

    private LedgerResult record(TenantId tenant, LedgerRequest request, boolean credit) {
        return recordAll(List.of(new Movement(tenant, request, credit))).get(0);
    }

    /** One movement of a batch. */
    private record Movement(TenantId tenant, LedgerRequest request, boolean credit) {
    }

    /** A movement whose fields are valid, with its reference and description cleaned. */
    private record Valid(Movement movement, String reference, @Nullable String description,
            @Nullable Currency currency) {
    }

    /** What a movement comes to: the earlier movement of its reference, or a row to write. */
    private record Outcome(@Nullable WalletTransaction replayed, @Nullable Row row) {
    }

    /** A ledger row about to be written. */
    private record Row(UUID id, TenantId tenant, long seq, LedgerType type, Money signed, Money balanceAfter,
            String reference, @Nullable String gateway, @Nullable String description, String metadata) {
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
        Map<TenantId, Wallet> locked = lockAll(movements.stream().map(Movement::tenant).distinct().toList());
        Map<String, WalletTransaction> earlier = earlier(valid);
        Map<TenantId, Wallet> current = new HashMap<>(locked);
        Map<String, Row> pending = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>(valid.size());
        for (Valid v : valid) {
            outcomes.add(plan(v, current, earlier, pending));
        }
        Map<UUID, WalletTransaction> written = write(List.copyOf(pending.values()), locked, current);
        List<LedgerResult> results = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            if (outcome.replayed() != null) {
                results.add(new LedgerResult(outcome.replayed(), true));
            } else {
                Row row = outcome.row();
                WalletTransaction recorded = written.get(row.id());
                boolean credit = row.signed().isPositive();
                Money before = row.balanceAfter().minus(row.signed());
                String currency = row.signed().currencyCode();
                audit.record(AuditEntry.of(credit ? "saas.wallet.credited" : "saas.wallet.debited", row.tenant(),
                        row.reference(), Map.of("balance", before.toPlainString(), "currency", currency),
                        Map.of("balance", row.balanceAfter().toPlainString(), "currency", currency, "transaction",
                                recorded)));
                Money amount = credit ? row.signed() : row.signed().negate();
                events.publishEvent(credit
                        ? new WalletCredited(row.tenant(), row.id(), row.type(), amount, row.balanceAfter(),
                                row.reference())
                        : new WalletDebited(row.tenant(), row.id(), row.type(), amount, row.balanceAfter(),
                                row.reference()));
                results.add(new LedgerResult(recorded, false));
            }
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
        } else if (description != null && description.length() > org.atrium.platform.TextLimits.REASON) {
            errors.put("description", "at most %d characters".formatted(org.atrium.platform.TextLimits.REASON));
        }
        if (request.gateway() != null && (request.gateway().isBlank() || request.gateway().length() > 50)) {
            errors.put("gateway", "1 to 50 characters, or absent");
        }
        BigDecimal rawAmount = request.amount();
        if (rawAmount == null) {
            errors.put("amount", "is required");
        } else if (rawAmount.signum() <= 0) {
            errors.put("amount", "must be greater than zero");
        } else if (rawAmount.compareTo(MAX_AMOUNT) >= 0) {
            errors.put("amount", "must be less than " + MAX_AMOUNT.toPlainString());
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
            Map<String, Row> pending) {
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
        Row sameBatch = pending.get(key);
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
        Row row = new Row(Ids.newId(clock), m.tenant(), seq, type, signed, balanceAfter, v.reference(),
                m.request().gateway(), v.description(), json.writeValueAsString(metadata));
        pending.put(key, row);
        current.put(m.tenant(), new Wallet(wallet.tenantId(), balanceAfter, seq, wallet.createdAt(),
                wallet.updatedAt()));
        return new Outcome(null, row);
    }

    /**
     * Writes the ledger rows and moves each wallet to its last row's balance in one statement. The rows come back as
     * stored (their metadata as jsonb gives it back), so they need not be read again.
     */
    private Map<UUID, WalletTransaction> write(List<Row> rows, Map<TenantId, Wallet> before,
            Map<TenantId, Wallet> after) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        List<TenantId> moved = rows.stream().map(Row::tenant).distinct().toList();
        Timestamp now = Timestamp.from(clock.instant());
        Written written = jdbc.sql("""
                with recorded as (
                    insert into wallet_transactions (tenant_id, id, seq, type, amount, balance_after, currency,
                                                     reference, gateway, description, metadata, created_by, created_at)
                    select t, id, seq, type, amount, balance_after, currency, reference, gateway, description,
                           cast(metadata as jsonb), :createdBy, :now
                    from unnest(:tenants, :ids, :seqs, :types, :amounts, :balances, :currencies, :references,
                                :gateways, :descriptions, :metadata)
                         as x(t, id, seq, type, amount, balance_after, currency, reference, gateway, description,
                              metadata)
                    returning *
                ), moved as (
                    update wallets w set balance = x.balance, transactions = x.seq, updated_at = :now
                    from unnest(:walletTenants, :walletBalances, :walletSeqs, :walletPrevious)
                         as x(t, balance, seq, previous)
                    where w.tenant_id = x.t and w.transactions = x.previous
                    returning w.tenant_id
                )
                select recorded.*, (select count(*) from moved) as wallets_moved from recorded
                """).param("createdBy", Actor.current().id()).param("now", now)
                .param("tenants", SqlArray.of("uuid", rows, r -> r.tenant().value()))
                .param("ids", SqlArray.of("uuid", rows, Row::id))
                .param("seqs", SqlArray.of("int8", rows, Row::seq))
                .param("types", SqlArray.of("text", rows, r -> r.type().code()))
                .param("amounts", SqlArray.of("numeric", rows, r -> r.signed().amount()))
                .param("balances", SqlArray.of("numeric", rows, r -> r.balanceAfter().amount()))
                .param("currencies", SqlArray.of("text", rows, r -> r.signed().currencyCode()))
                .param("references", SqlArray.of("text", rows, Row::reference))
                .param("gateways", SqlArray.of("text", rows, Row::gateway))
                .param("descriptions", SqlArray.of("text", rows, Row::description))
                .param("metadata", SqlArray.of("text", rows, Row::metadata))
                .param("walletTenants", SqlArray.of("uuid", moved, TenantId::value))
                .param("walletBalances", SqlArray.of("numeric", moved, t -> after.get(t).balance().amount()))
                .param("walletSeqs", SqlArray.of("int8", moved, t -> after.get(t).transactions()))
                .param("walletPrevious", SqlArray.of("int8", moved, t -> before.get(t).transactions()))
                .query((ResultSet rs) -> {
                    Map<UUID, WalletTransaction> byId = new HashMap<>();
                    long movedCount = 0;
                    while (rs.next()) {
                        WalletTransaction t = transaction(rs, 0);
                        byId.put(t.id(), t);
                        movedCount = rs.getLong("wallets_moved");
                    }
                    return new Written(byId, movedCount);
                });
        if (written.walletsMoved() != moved.size() || written.rows().size() != rows.size()) {
            throw new IllegalStateException("Wallets " + moved + " changed while locked");
        }
        return written.rows();
    }

    private record Written(Map<UUID, WalletTransaction> rows, long walletsMoved) {
    }

    /** The movements already recorded under the references of a batch, by tenant and reference. */
    private Map<String, WalletTransaction> earlier(List<Valid> valid) {
        Map<String, WalletTransaction> found = new HashMap<>();
        jdbc.sql("""
                select t.* from wallet_transactions t
                join unnest(:tenants, :references) as x(tenant_id, reference)
                  on t.tenant_id = x.tenant_id and t.reference = x.reference
                """).param("tenants", SqlArray.of("uuid", valid, v -> v.movement().tenant().value()))
                .param("references", SqlArray.of("text", valid, Valid::reference))
                .query(this::transaction).list()
                .forEach(t -> found.put(t.tenantId().value() + "|" + t.reference(), t));
        return found;
    }

    @Override
    public Optional<WalletTransaction> transaction(TenantId tenant, String reference) {
        return jdbc.sql("select * from wallet_transactions where tenant_id = :tenant and reference = :reference")
                .param("tenant", tenant.value()).param("reference", reference).query(this::transaction).optional();
    }

    @Override
    public PageResponse<WalletTransaction> transactions(TenantId tenant, PageRequest page,
            WalletTransactionQuery query) {
        StringBuilder where = new StringBuilder(" where tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant.value());
        if (query.type() != null) {
            where.append(" and type = :type");
            params.put("type", query.type().code());
        }
        if (query.reference() != null) {
            where.append(" and reference = :reference");
            params.put("reference", query.reference());
        }
        if (query.from() != null) {
            where.append(" and created_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" and created_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        long total = jdbc.sql("select count(*) from wallet_transactions" + where).params(params).query(Long.class)
                .single();
        List<WalletTransaction> items = jdbc.sql("select * from wallet_transactions" + where + " order by "
                + page.orderBy() + ", seq limit :limit offset :offset").params(params).param("limit", page.size())
                .param("offset", page.offset()).query(this::transaction).list();
        return page.response(items, total);
    }

    @Override
    @Transactional(readOnly = true)
    public List<WalletDiscrepancy> verifyAll() {
        return jdbc.sql("""
                with ledger as (
                    select tenant_id, seq, amount, balance_after,
                           sum(amount) over (partition by tenant_id order by seq) as running,
                           row_number() over (partition by tenant_id order by seq desc) as from_end
                    from wallet_transactions
                ), per_wallet as (
                    select tenant_id, sum(amount) as total, count(*) as row_count, max(seq) as last_seq,
                           min(seq) filter (where running <> balance_after) as first_broken_seq,
                           max(balance_after) filter (where from_end = 1) as last_balance_after
                    from ledger
                    group by tenant_id
                ), checked as (
                    select w.tenant_id, w.currency, w.balance, w.transactions,
                           coalesce(p.total, 0) as ledger_sum, coalesce(p.row_count, 0) as row_count,
                           coalesce(p.last_seq, 0) as last_seq, p.first_broken_seq, p.last_balance_after,
                           (select count(*) from wallet_transactions t
                            where t.tenant_id = w.tenant_id and t.currency <> w.currency) as foreign_rows
                    from wallets w
                    left join per_wallet p on p.tenant_id = w.tenant_id
                )
                select * from checked
                where balance <> ledger_sum
                   or (last_balance_after is not null and last_balance_after <> balance)
                   or first_broken_seq is not null
                   or transactions <> row_count
                   or last_seq <> row_count
                   or foreign_rows > 0
                order by tenant_id
                """).query(JdbcWallets::discrepancy).list();
    }

    private static WalletDiscrepancy discrepancy(ResultSet rs, int n) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        BigDecimal balance = rs.getBigDecimal("balance");
        BigDecimal sum = rs.getBigDecimal("ledger_sum");
        BigDecimal last = rs.getBigDecimal("last_balance_after");
        List<String> problems = new ArrayList<>();
        if (balance.compareTo(sum) != 0) {
            problems.add("balance %s differs from the sum of the ledger %s".formatted(balance.toPlainString(),
                    sum.toPlainString()));
        }
        if (last != null && last.compareTo(balance) != 0) {
            problems.add("balance %s differs from the balance after the last ledger row %s"
                    .formatted(balance.toPlainString(), last.toPlainString()));
        }
        long firstBroken = rs.getLong("first_broken_seq");
        if (!rs.wasNull()) {
            problems.add("ledger row %d: its balance after does not follow from the rows before it"
                    .formatted(firstBroken));
        }
        long transactions = rs.getLong("transactions");
        long rows = rs.getLong("row_count");
        long lastSeq = rs.getLong("last_seq");
        if (transactions != rows || lastSeq != rows) {
            problems.add("the wallet counts %d movements; the ledger has %d rows numbered up to %d"
                    .formatted(transactions, rows, lastSeq));
        }
        long foreign = rs.getLong("foreign_rows");
        if (foreign > 0) {
            problems.add("%d ledger rows are not in the wallet's currency %s".formatted(foreign,
                    currency.getCurrencyCode()));
        }
        return new WalletDiscrepancy(TenantId.of(rs.getObject("tenant_id", UUID.class)), shown(balance, currency),
                shown(sum, currency), last == null ? null : shown(last, currency), List.copyOf(problems));
    }

    /**
     * A stored amount for a report. A tampered amount may carry more decimals than the currency has: it is then
     * shown rounded, and the report's problems already say the amounts disagree.
     */
    private static Money shown(BigDecimal amount, Currency currency) {
        try {
            return new Money(amount, currency);
        } catch (IllegalArgumentException e) {
            return Money.rounded(amount, currency);
        }
    }

    /** Locks the wallets in tenant order; a tenant without a wallet is simply absent. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<TenantId, Wallet> lockAll(Collection<TenantId> tenants) {
        Map<TenantId, Wallet> locked = new HashMap<>();
        jdbc.sql("select * from wallets where tenant_id = any(:tenants) order by tenant_id for update")
                .param("tenants", SqlArray.of("uuid", tenants, TenantId::value)).query(JdbcWallets::wallet).list()
                .forEach(w -> locked.put(w.tenantId(), w));
        return locked;
    }

    private static void rejectIf(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The movement is not valid: " + errors, errors);
        }
    }

    private static Wallet wallet(ResultSet rs, int n) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new Wallet(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                new Money(rs.getBigDecimal("balance"), currency), rs.getLong("transactions"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private WalletTransaction transaction(ResultSet rs, int n) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new WalletTransaction(rs.getObject("id", UUID.class), TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getLong("seq"), LedgerType.fromCode(rs.getString("type")),
                new Money(rs.getBigDecimal("amount"), currency), new Money(rs.getBigDecimal("balance_after"), currency),
                rs.getString("reference"), rs.getString("gateway"), rs.getString("description"),
                json.readValue(rs.getString("metadata"), METADATA), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant());
    }
}
