package org.atrium.wallet.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.Wallet;
import org.atrium.wallet.WalletDiscrepancy;
import org.atrium.wallet.WalletTransaction;
import org.atrium.wallet.WalletTransactionQuery;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Wallets and their ledger in two tables, in explicit SQL; rows are read by column name. It stores what
 * {@link WalletLedger} decided: a batch of ledger rows and the wallets they move in one statement.
 */
@Repository
class Ledgers {

    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Ledgers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A ledger row about to be written. */
    record Row(UUID id, TenantId tenant, long seq, LedgerType type, Money signed, Money balanceAfter,
            String reference, @Nullable String gateway, @Nullable String description, String metadata) {
    }

    /** Opens a wallet with a zero balance; false when the tenant has one already. */
    boolean open(TenantId tenant, Currency currency, Instant now) {
        return jdbc.sql("""
                insert into wallets (tenant_id, currency, balance, transactions, created_at, updated_at)
                values (:tenant, :currency, 0, 0, :now, :now)
                on conflict (tenant_id) do nothing
                """).param("tenant", tenant.value()).param("currency", currency.getCurrencyCode())
                .param("now", Timestamp.from(now)).update() == 1;
    }

    Optional<Wallet> find(TenantId tenant) {
        return jdbc.sql("select * from wallets where tenant_id = :tenant").param("tenant", tenant.value())
                .query(Ledgers::wallet).optional();
    }

    Map<TenantId, Wallet> findAll(Collection<TenantId> tenants) {
        Map<TenantId, Wallet> found = new HashMap<>();
        if (tenants.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from wallets where tenant_id = any(:tenants)")
                .param("tenants", SqlArray.of("uuid", tenants, TenantId::value)).query(Ledgers::wallet).list()
                .forEach(w -> found.put(w.tenantId(), w));
        return found;
    }

    java.util.Set<TenantId> tenantsWithBalanceBelow(java.math.BigDecimal amount) {
        return java.util.Set.copyOf(jdbc.sql("select tenant_id from wallets where balance < :amount")
                .param("amount", amount).query((rs, n) -> new TenantId(rs.getObject(1, UUID.class))).list());
    }

    /**
     * Locks the wallets in tenant order; a tenant without a wallet is simply absent. A wallet is locked once per
     * transaction: one locked earlier in it (a daily run's chunk locks its wallets to decide, then pays from them) is
     * answered as this transaction last wrote or read it, without another statement. Nothing else writes a wallet row
     * (and {@link #write} refuses one that moved), so that state is the row's.
     */
    Map<TenantId, Wallet> lockAll(Collection<TenantId> tenants) {
        Map<TenantId, Wallet> held = held();
        Map<TenantId, Wallet> locked = new HashMap<>();
        List<TenantId> toLock = new ArrayList<>();
        for (TenantId tenant : tenants) {
            Wallet known = held.get(tenant);
            if (known != null) {
                locked.put(tenant, known);
            } else {
                toLock.add(tenant);
            }
        }
        if (!toLock.isEmpty()) {
            jdbc.sql("select * from wallets where tenant_id = any(:tenants) order by tenant_id for update")
                    .param("tenants", SqlArray.of("uuid", toLock, TenantId::value)).query(Ledgers::wallet).list()
                    .forEach(w -> locked.put(w.tenantId(), w));
            toLock.stream().filter(locked::containsKey).forEach(t -> held.put(t, locked.get(t)));
        }
        return locked;
    }

    /** The wallets locked in the current transaction, as it left them (empty and unkept outside a transaction). */
    @SuppressWarnings("unchecked")
    private Map<TenantId, Wallet> held() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new HashMap<>();
        }
        Map<TenantId, Wallet> held = (Map<TenantId, Wallet>) TransactionSynchronizationManager.getResource(this);
        if (held == null) {
            Map<TenantId, Wallet> created = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                // Forgotten before the commit or rollback: work after it (in a transaction of its own) holds no
                // lock of this one.
                @Override
                public void beforeCompletion() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Ledgers.this);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Ledgers.this);
                }
            });
            held = created;
        }
        return held;
    }

    /**
     * Writes the ledger rows and moves each wallet to its last row's balance in one statement. The rows come back as
     * stored (their metadata as jsonb gives it back), so they need not be read again.
     */
    Map<UUID, WalletTransaction> write(List<Row> rows, Map<TenantId, Wallet> before, Map<TenantId, Wallet> after,
            String createdBy, Instant at) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        List<TenantId> moved = rows.stream().map(Row::tenant).distinct().toList();
        Timestamp now = Timestamp.from(at);
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
                """).param("createdBy", createdBy).param("now", now)
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
        Map<TenantId, Wallet> held = held();
        for (TenantId t : moved) {
            Wallet w = after.get(t);
            held.put(t, new Wallet(t, w.balance(), w.transactions(), w.createdAt(), at));
        }
        return written.rows();
    }

    private record Written(Map<UUID, WalletTransaction> rows, long walletsMoved) {
    }

    /** The movements already recorded under the references of a batch, by tenant and reference. */
    Map<String, WalletTransaction> earlier(List<TenantId> tenants, List<String> references) {
        Map<String, WalletTransaction> found = new HashMap<>();
        jdbc.sql("""
                select t.* from wallet_transactions t
                join unnest(:tenants, :references) as x(tenant_id, reference)
                  on t.tenant_id = x.tenant_id and t.reference = x.reference
                """).param("tenants", SqlArray.of("uuid", tenants, TenantId::value))
                .param("references", SqlArray.of("text", references))
                .query(this::transaction).list()
                .forEach(t -> found.put(t.tenantId().value() + "|" + t.reference(), t));
        return found;
    }

    Optional<WalletTransaction> transaction(TenantId tenant, String reference) {
        return jdbc.sql("select * from wallet_transactions where tenant_id = :tenant and reference = :reference")
                .param("tenant", tenant.value()).param("reference", reference).query(this::transaction).optional();
    }

    PageResponse<WalletTransaction> transactions(TenantId tenant, PageRequest page,
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

    List<WalletDiscrepancy> verifyAll() {
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
                """).query(Ledgers::discrepancy).list();
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
