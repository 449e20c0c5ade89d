package org.atrium.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.wallet.WalletFixtures.manualCredit;
import static org.atrium.wallet.WalletFixtures.manualDebit;
import static org.atrium.wallet.WalletFixtures.newTenant;

import org.atrium.platform.Money;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.wallet.WalletFixtures.CreatedTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;

/** Every wallet movement announces itself with the tenant (id and slug), the row, the balances and when. */
@AtriumIntegrationTest
@EnableScenarios
class WalletEventsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Wallets wallets;

    CreatedTenant tenant;
    String currency;

    @BeforeEach
    void setUp() {
        tenant = newTenant(Api.asRoot(port), "wallet-events");
        currency = wallets.require(tenant.id()).currency();
    }

    @Test
    void aCreditPublishesWalletCreditedWithTheBalanceBeforeAndAfter(Scenario scenario) {
        wallets.credit(tenant.id(), manualCredit("20.00", "first-" + tenant.slug()));
        scenario.stimulate(() -> wallets.credit(tenant.id(), manualCredit("7.50", "second-" + tenant.slug())))
                .andWaitForEventOfType(WalletCredited.class)
                .matchingMappedValue(WalletCredited::reference, "second-" + tenant.slug())
                .toArriveAndVerify((event, result) -> {
                    assertThat(event.tenantSlug()).isEqualTo(tenant.slug());
                    assertThat(event.transactionId()).isEqualTo(result.transaction().id());
                    assertThat(event.type()).isEqualTo(LedgerType.MANUAL_CREDIT);
                    assertThat(event.amount()).isEqualTo(Money.of("7.50", currency));
                    // 20.00 before, 20.00 + 7.50 = 27.50 after.
                    assertThat(event.balanceBefore()).isEqualTo(Money.of("20.00", currency));
                    assertThat(event.balanceAfter()).isEqualTo(Money.of("27.50", currency));
                    assertThat(event.tenantId()).isEqualTo(tenant.id());
                    assertThat(event.occurredAt()).isEqualTo(result.transaction().createdAt());
                });
    }

    @Test
    void aDebitPublishesWalletDebitedWithThePositiveAmountTaken(Scenario scenario) {
        wallets.credit(tenant.id(), manualCredit("10.00", "fund-" + tenant.slug()));
        scenario.stimulate(() -> wallets.debit(tenant.id(), manualDebit("12.25", "take-" + tenant.slug())))
                .andWaitForEventOfType(WalletDebited.class)
                .matchingMappedValue(WalletDebited::reference, "take-" + tenant.slug())
                .toArriveAndVerify((event, result) -> {
                    assertThat(event.tenantSlug()).isEqualTo(tenant.slug());
                    assertThat(event.transactionId()).isEqualTo(result.transaction().id());
                    assertThat(event.type()).isEqualTo(LedgerType.MANUAL_DEBIT);
                    assertThat(event.amount()).isEqualTo(Money.of("12.25", currency));
                    // A manual debit may go below zero: 10.00 − 12.25 = −2.25.
                    assertThat(event.balanceBefore()).isEqualTo(Money.of("10.00", currency));
                    assertThat(event.balanceAfter()).isEqualTo(Money.of("-2.25", currency));
                    assertThat(event.occurredAt()).isEqualTo(result.transaction().createdAt());
                });
    }
}
