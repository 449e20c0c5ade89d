package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.billing.InvoiceFixtures.newTenant;
import static org.atrium.billing.InvoiceFixtures.platformCurrency;
import static org.atrium.billing.InvoiceFixtures.subscription;

import java.math.BigDecimal;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceFixtures.CreatedTenant;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.Invoicing;
import org.atrium.billing.ManualPayment;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.Wallets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The subscriptions module waits only on invoices paid by other means than the wallet: a wallet payment is made in
 * the transaction that changes the subscription, so its listener's condition keeps it out of the outbox. Each case
 * runs in a transaction rolled back at the end, looking at the publications it stored before they are delivered.
 */
@AtriumIntegrationTest
class InvoicePaidListenerIntegrationTests {

    private static final String LISTENER = "org.atrium.subscriptions.internal.PaymentEvents.on(org.atrium.billing.InvoicePaid)";

    @LocalServerPort
    int port;

    @Autowired
    Invoicing invoicing;

    @Autowired
    Wallets wallets;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anInvoicePaidFromTheWalletStoresNoPublicationForTheSubscriptionListenerAndOnePaidByWireDoes() {
        Api api = Api.asRoot(port);
        String currency = platformCurrency(api);
        CreatedTenant tenant = newTenant(api, "paid-listener");
        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("50.00"), "topup-1", null));

        long fromWallet = tx.execute(status -> {
            status.setRollbackOnly();
            Invoice paid = invoicing.issue(subscription(tenant.id(), currency, "29.00").taxable(false)
                    .payingFromWallet());
            assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
            return publicationsFor(paid.number());
        });
        long byWire = tx.execute(status -> {
            status.setRollbackOnly();
            Invoice open = invoicing.issue(subscription(tenant.id(), currency, "40.00").taxable(false));
            Invoice paid = invoicing.markPaid(open.number(),
                    new ManualPayment(ManualPayment.Method.WIRE, "W-9", null, null));
            assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
            return publicationsFor(open.number());
        });

        assertThat(fromWallet).isZero();
        assertThat(byWire).isEqualTo(1);
    }

    private long publicationsFor(String invoiceNumber) {
        return jdbc.sql("""
                select count(*) from event_publication
                where listener_id = :listener and serialized_event like '%' || :number || '%'
                """).param("listener", LISTENER).param("number", invoiceNumber).query(Long.class).single();
    }
}
