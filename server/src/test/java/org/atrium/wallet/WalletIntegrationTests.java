package org.atrium.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.atrium.wallet.WalletFixtures.manualCredit;
import static org.atrium.wallet.WalletFixtures.manualDebit;
import static org.atrium.wallet.WalletFixtures.newTenant;
import static org.atrium.wallet.WalletFixtures.recharge;
import static org.atrium.wallet.WalletFixtures.subscriptionPayment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.wallet.WalletFixtures.CreatedTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

@AtriumIntegrationTest
@RecordApplicationEvents
class WalletIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Wallets wallets;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationEvents events;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void opensOneEmptyWalletWithTheTenantInThePlatformCurrency() {
        CreatedTenant tenant = newTenant(api, "wallet-open");
        String platformCurrency = api.get("/api/v1/settings").json().get("defaultCurrency").asString();

        Wallet wallet = wallets.require(tenant.id());

        assertThat(wallet.balance()).isEqualTo(Money.zero(platformCurrency));
        assertThat(wallet.transactions()).isZero();
        assertThat(jdbc.sql("select count(*) from wallets where tenant_id = :t").param("t", tenant.id().value())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void concurrentCreditsAndDebitsWithRepeatedReferencesKeepTheBalanceEqualToTheLedger() throws Exception {
        CreatedTenant tenant = newTenant(api, "wallet-race");
        wallets.credit(tenant.id(), recharge("10000.00", "seed"));

        // 200 calls: 50 manual credits of 2.00, 2.01, … 2.49; 50 manual debits of 7.77; 50 subscription payments of
        // 1.05; and 50 repeats of the credits' references (same type and amount, so each is one movement).
        // The debits add up to 440.00, far below the seed, so no subscription payment can be refused whatever the
        // order. Expected: 10000.00 + (50 × 2.00 + 0.01 × (0 + 1 + … + 49) = 112.25) − 388.50 − 52.50 = 9671.25.
        List<LedgerRequest> credits = new ArrayList<>();
        List<LedgerRequest> debits = new ArrayList<>();
        List<Runnable> calls = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            LedgerRequest credit = manualCredit(new BigDecimal("2.00").add(new BigDecimal(k).movePointLeft(2))
                    .toPlainString(), "credit-" + k);
            credits.add(credit);
            calls.add(() -> wallets.credit(tenant.id(), credit));
            calls.add(() -> wallets.credit(tenant.id(), credit));
            LedgerRequest debit = manualDebit("7.77", "debit-" + k);
            debits.add(debit);
            calls.add(() -> wallets.debit(tenant.id(), debit));
            LedgerRequest payment = subscriptionPayment("1.05", "payment-" + k);
            calls.add(() -> wallets.debit(tenant.id(), payment));
        }
        Collections.shuffle(calls, new Random(42));
        assertThat(calls).hasSize(200);

        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> futures = new ArrayList<>();
            calls.forEach(call -> futures.add(pool.submit(call)));
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        Wallet wallet = wallets.require(tenant.id());
        assertThat(wallet.balance()).isEqualTo(Money.of("9671.25", wallet.currency()));
        BigDecimal ledgerSum = jdbc.sql("select sum(amount) from wallet_transactions where tenant_id = :t")
                .param("t", tenant.id().value()).query(BigDecimal.class).single();
        assertThat(ledgerSum).isEqualByComparingTo("9671.25");
        Map<String, Object> counts = jdbc.sql("""
                select count(*) as total, count(distinct reference) as refs, min(seq) as first, max(seq) as last
                from wallet_transactions where tenant_id = :t
                """).param("t", tenant.id().value()).query().singleRow();
        assertThat(((Number) counts.get("total")).longValue()).isEqualTo(151);
        assertThat(((Number) counts.get("refs")).longValue()).isEqualTo(151);
        assertThat(((Number) counts.get("first")).longValue()).isEqualTo(1);
        assertThat(((Number) counts.get("last")).longValue()).isEqualTo(151);
        assertThat(wallet.transactions()).isEqualTo(151);
        assertThat(wallets.verifyAll()).noneMatch(d -> d.tenantId().equals(tenant.id()));
        assertThat(credits).hasSize(50);
        assertThat(debits).hasSize(50);
    }

    @Test
    void repeatingAReferenceReturnsTheFirstMovementAndChangesNothing() {
        CreatedTenant tenant = newTenant(api, "wallet-replay");

        LedgerResult first = wallets.credit(tenant.id(), recharge("25.50", "gw-1001"));
        LedgerResult again = wallets.credit(tenant.id(), recharge("25.5", "gw-1001"));

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.transaction()).isEqualTo(first.transaction());
        Wallet wallet = wallets.require(tenant.id());
        assertThat(wallet.balance()).isEqualTo(Money.of("25.50", wallet.currency()));
        assertThat(wallet.transactions()).isEqualTo(1);
        assertThat(events.stream(WalletCredited.class).filter(e -> e.tenantId().equals(tenant.id()))).hasSize(1);
    }

    @Test
    void aMovementAsRecordedIsTheMovementAsStoredMetadataInItsStoredOrder() {
        CreatedTenant tenant = newTenant(api, "wallet-as-stored");
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("orderReference", "A-17");
        metadata.put("amountCharged", new BigDecimal("25.50"));
        metadata.put("at", "checkout");

        WalletTransaction recorded = wallets.credit(tenant.id(), recharge("25.50", "gw-2002").withMetadata(metadata))
                .transaction();

        WalletTransaction stored = wallets.transaction(tenant.id(), "gw-2002").orElseThrow();
        assertThat(recorded).isEqualTo(stored);
        assertThat(List.copyOf(recorded.metadata().keySet())).isEqualTo(List.copyOf(stored.metadata().keySet()));
    }

    @Test
    void aReferenceReusedWithAnotherAmountOrTypeIsAConflictAndChangesNothing() {
        CreatedTenant tenant = newTenant(api, "wallet-conflict");
        wallets.credit(tenant.id(), manualCredit("10.00", "crm-1"));

        assertThatThrownBy(() -> wallets.credit(tenant.id(), manualCredit("10.01", "crm-1")))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(p.kind()).isEqualTo("reference-conflict");
                });
        assertThatThrownBy(() -> wallets.credit(tenant.id(), recharge("10.00", "crm-1")))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.kind()).isEqualTo("reference-conflict"));
        assertThatThrownBy(() -> wallets.debit(tenant.id(), manualDebit("10.00", "crm-1")))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.kind()).isEqualTo("reference-conflict"));

        Wallet wallet = wallets.require(tenant.id());
        assertThat(wallet.balance()).isEqualTo(Money.of("10.00", wallet.currency()));
        assertThat(wallet.transactions()).isEqualTo(1);
    }

    @Test
    void subscriptionPaymentBeyondTheBalanceIsRefusedWith402AndChangesNothing() {
        CreatedTenant tenant = newTenant(api, "wallet-402");
        wallets.credit(tenant.id(), recharge("5.00", "top-up"));
        long auditRows = auditRows(tenant.id());

        assertThatThrownBy(() -> wallets.debit(tenant.id(), subscriptionPayment("5.01", "renewal-1")))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.PAYMENT_REQUIRED);
                    assertThat(p.kind()).isEqualTo("insufficient-funds");
                    assertThat(p.properties()).containsEntry("requiredAmount", "5.01").containsEntry("balance", "5.00");
                });

        Wallet wallet = wallets.require(tenant.id());
        assertThat(wallet.balance()).isEqualTo(Money.of("5.00", wallet.currency()));
        assertThat(wallet.transactions()).isEqualTo(1);
        assertThat(wallets.transaction(tenant.id(), "renewal-1")).isEmpty();
        assertThat(auditRows(tenant.id())).isEqualTo(auditRows);
        assertThat(events.stream(WalletDebited.class).filter(e -> e.tenantId().equals(tenant.id()))).isEmpty();

        LedgerResult exact = wallets.debit(tenant.id(), subscriptionPayment("5.00", "renewal-1"));
        assertThat(exact.transaction().balanceAfter()).isEqualTo(Money.zero(wallet.currency()));
        assertThat(exact.transaction().amount()).isEqualTo(Money.of("-5.00", wallet.currency()));
    }

    @Test
    void debitAllTakesEachDebitInTurnAndRefusesAllWhenOneIsRefused() {
        CreatedTenant one = newTenant(api, "wallet-batch-1");
        CreatedTenant two = newTenant(api, "wallet-batch-2");
        wallets.credit(one.id(), recharge("50.00", "top-up"));
        wallets.credit(two.id(), recharge("20.00", "top-up"));
        String currency = wallets.require(one.id()).currency();

        // Two debits of one wallet and one of another: each sees the balance the one before it left.
        List<LedgerResult> taken = tx.execute(status -> wallets.debitAll(List.of(
                new Wallets.Debit(one.id(), subscriptionPayment("30.00", "batch-1")),
                new Wallets.Debit(two.id(), subscriptionPayment("20.00", "batch-2")),
                new Wallets.Debit(one.id(), subscriptionPayment("20.00", "batch-3")))));
        assertThat(taken).extracting(r -> r.transaction().reference()).containsExactly("batch-1", "batch-2",
                "batch-3");
        assertThat(taken).extracting(r -> r.transaction().balanceAfter()).containsExactly(
                Money.of("20.00", currency), Money.of("0.00", currency), Money.of("0.00", currency));
        assertThat(taken).extracting(r -> r.transaction().seq()).containsExactly(2L, 2L, 3L);
        assertThat(taken.get(2).transaction()).isEqualTo(wallets.transaction(one.id(), "batch-3").orElseThrow());
        assertThat(wallets.require(one.id()).transactions()).isEqualTo(3);
        assertThat(events.stream(WalletDebited.class).filter(e -> e.tenantId().equals(one.id()))).hasSize(2);

        // A repeat of one of them with a new one the wallet cannot pay: refused whole, nothing recorded.
        wallets.credit(two.id(), recharge("5.00", "top-up-2"));
        long auditRows = auditRows(two.id());
        assertThatThrownBy(() -> tx.execute(status -> wallets.debitAll(List.of(
                new Wallets.Debit(two.id(), subscriptionPayment("5.00", "batch-4")),
                new Wallets.Debit(one.id(), subscriptionPayment("30.00", "batch-1")),
                new Wallets.Debit(two.id(), subscriptionPayment("0.01", "batch-5"))))))
                .isInstanceOfSatisfying(ProblemException.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.PAYMENT_REQUIRED));
        assertThat(wallets.require(two.id()).balance()).isEqualTo(Money.of("5.00", currency));
        assertThat(wallets.transaction(two.id(), "batch-4")).isEmpty();
        assertThat(auditRows(two.id())).isEqualTo(auditRows);

        // The repeat alone is answered with the first movement.
        LedgerResult repeated = tx.execute(status -> wallets.debitAll(
                List.of(new Wallets.Debit(one.id(), subscriptionPayment("30.00", "batch-1"))))).get(0);
        assertThat(repeated.replayed()).isTrue();
        assertThat(repeated.transaction()).isEqualTo(taken.get(0).transaction());
        assertThat(wallets.verifyAll()).isEmpty();
    }

    @Test
    void manualDebitMayTakeTheBalanceBelowZero() {
        CreatedTenant tenant = newTenant(api, "wallet-negative");
        wallets.credit(tenant.id(), manualCredit("3.00", "c-1"));

        LedgerResult debit = wallets.debit(tenant.id(), manualDebit("12.34", "d-1"));

        String currency = wallets.require(tenant.id()).currency();
        assertThat(debit.transaction().amount()).isEqualTo(Money.of("-12.34", currency));
        assertThat(debit.transaction().balanceAfter()).isEqualTo(Money.of("-9.34", currency));
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(Money.of("-9.34", currency));
        WalletDebited published = events.stream(WalletDebited.class).filter(e -> e.tenantId().equals(tenant.id()))
                .findFirst().orElseThrow();
        assertThat(published.amount()).isEqualTo(Money.of("12.34", currency));
        assertThat(published.type()).isEqualTo(LedgerType.MANUAL_DEBIT);
        assertThat(published.reference()).isEqualTo("d-1");
    }

    @Test
    void refusesAmountsThatAreNotPositiveOrHaveTooManyDecimalsOrAnotherCurrency() {
        CreatedTenant tenant = newTenant(api, "wallet-bad");
        String currency = wallets.require(tenant.id()).currency();
        String other = currency.equals("EUR") ? "USD" : "EUR";

        assertField(() -> wallets.credit(tenant.id(), manualCredit("0", "bad-1")), "amount");
        assertField(() -> wallets.credit(tenant.id(), manualCredit("-1.00", "bad-2")), "amount");
        assertField(() -> wallets.credit(tenant.id(), manualCredit("1.001", "bad-3")), "amount");
        assertField(() -> wallets.credit(tenant.id(), manualCredit("1.00", "bad-4").inCurrency(other)), "currency");
        assertField(() -> wallets.credit(tenant.id(), manualCredit("1.00", "bad-5").inCurrency("XQZ")), "currency");
        assertField(() -> wallets.credit(tenant.id(), manualDebit("1.00", "bad-6")), "type");
        assertField(() -> wallets.debit(tenant.id(), recharge("1.00", "bad-7")), "type");
        assertField(() -> wallets.credit(tenant.id(), manualCredit("1.00", " ")), "reference");
        assertField(() -> wallets.credit(tenant.id(),
                LedgerRequest.of(LedgerType.MANUAL_CREDIT, BigDecimal.ONE, "bad-8", null)), "description");

        assertThat(wallets.require(tenant.id()).transactions()).isZero();
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(Money.zero(currency));
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveLedgerRows() {
        CreatedTenant tenant = newTenant(api, "wallet-immutable");
        wallets.credit(tenant.id(), manualCredit("1.00", "keep"));

        assertThatThrownBy(() -> jdbc.sql("update wallet_transactions set amount = 100 where tenant_id = :t")
                .param("t", tenant.id().value()).update()).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from wallet_transactions where tenant_id = :t")
                .param("t", tenant.id().value()).update()).rootCause().hasMessageContaining("append-only");
    }

    @Test
    void verifyAllFindsAWalletWhoseLedgerWasTamperedWith() {
        CreatedTenant tenant = newTenant(api, "wallet-tamper");
        wallets.credit(tenant.id(), manualCredit("10.00", "t-1"));
        wallets.credit(tenant.id(), manualCredit("5.00", "t-2"));
        assertThat(wallets.verifyAll()).noneMatch(d -> d.tenantId().equals(tenant.id()));

        tamper(tenant.id(), "t-1", "100.00");
        try {
            WalletDiscrepancy found = wallets.verifyAll().stream().filter(d -> d.tenantId().equals(tenant.id()))
                    .findFirst().orElseThrow();
            String currency = found.balance().currencyCode();
            assertThat(found.balance()).isEqualTo(Money.of("15.00", currency));
            assertThat(found.ledgerSum()).isEqualTo(Money.of("105.00", currency));
            assertThat(found.problems()).anyMatch(p -> p.contains("sum of the ledger"))
                    .anyMatch(p -> p.contains("ledger row 1"));
            assertThat(api.get("/api/v1/wallets/verify").json().get("valid").asBoolean()).isFalse();
        } finally {
            tamper(tenant.id(), "t-1", "10.00");
        }
        assertThat(wallets.verifyAll()).noneMatch(d -> d.tenantId().equals(tenant.id()));
    }

    @Test
    void listsTheLedgerNewestFirstFilteredByType() {
        CreatedTenant tenant = newTenant(api, "wallet-list");
        wallets.credit(tenant.id(), recharge("50.00", "r-1"));
        wallets.debit(tenant.id(), subscriptionPayment("20.00", "p-1"));
        wallets.credit(tenant.id(), recharge("1.00", "r-2"));

        var all = wallets.transactions(tenant.id(), PageRequest.of(0, 10, null, Map.of("seq", "seq"), "seq,desc"),
                WalletTransactionQuery.ALL);
        assertThat(all.items()).extracting(WalletTransaction::reference).containsExactly("r-2", "p-1", "r-1");
        var recharges = wallets.transactions(tenant.id(),
                PageRequest.of(0, 10, null, Map.of("seq", "seq"), "seq,desc"),
                new WalletTransactionQuery(LedgerType.RECHARGE, null, null, null));
        assertThat(recharges.totalItems()).isEqualTo(2);
    }

    private void tamper(TenantId tenant, String reference, String amount) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("alter table wallet_transactions disable trigger wallet_transactions_no_update").update();
            jdbc.sql("update wallet_transactions set amount = :amount where tenant_id = :t and reference = :r")
                    .param("amount", new BigDecimal(amount)).param("t", tenant.value()).param("r", reference).update();
            jdbc.sql("alter table wallet_transactions enable trigger wallet_transactions_no_update").update();
        });
    }

    private long auditRows(TenantId tenant) {
        return jdbc.sql("select count(*) from audit_events where tenant_id = :t").param("t", tenant.value())
                .query(Long.class).single();
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(p.properties().get("errors")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(field);
        });
    }
}
