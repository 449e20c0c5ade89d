package org.atrium.subscriptions.internal;

import java.util.Map;

import org.atrium.notifications.NotificationType;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.WalletCredited;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Money coming in: a wallet credit is told to the tenant and pays a subscription's open invoice at once; an
 * invoice paid by hand restores the subscription that waited on it. Runs after the credit committed, from the outbox, so a failure here never undoes a recharge and
 * is retried on restart.
 */
@Component
class PaymentEvents {

    private final SubscriptionLifecycle lifecycle;
    private final Notices notices;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final TenantClocks tenantClocks;

    PaymentEvents(SubscriptionLifecycle lifecycle, Notices notices,
            org.springframework.transaction.support.TransactionTemplate tx, TenantClocks tenantClocks) {
        this.lifecycle = lifecycle;
        this.notices = notices;
        this.tx = tx;
        this.tenantClocks = tenantClocks;
    }

    @ApplicationModuleListener
    void on(WalletCredited credited) {
        if (credited.type() == LedgerType.REFUND) {
            return;
        }
        if (credited.type() == LedgerType.RECHARGE || credited.type() == LedgerType.MANUAL_CREDIT) {
            tx.executeWithoutResult(status -> notices.send(credited.tenantId(), NotificationType.WALLET_RECHARGED,
                    "recharged:" + credited.transactionId(),
                    Map.of("amount", credited.amount(), "balance", credited.balanceAfter())));
        }
        // At the tenant's time: a period restored from read-only starts on the tenant's day of payment.
        tenantClocks.inTenantTime(credited.tenantId(), () -> lifecycle.recover(credited.tenantId()));
    }

    /**
     * Only payments by other means than the wallet can leave a subscription waiting. An invoice paid from the wallet
     * is paid in the transaction that issues it (a renewal, a plan assignment or change, a credit note, the record of
     * a wallet movement) or by {@link SubscriptionLifecycle#recover}, which restores the subscription in that same
     * transaction. For those no publication is stored and nothing runs after commit.
     */
    @ApplicationModuleListener(condition = "!#paid.paidFromWallet()")
    void on(org.atrium.billing.InvoicePaid paid) {
        tenantClocks.inTenantTime(paid.tenantId(),
                () -> lifecycle.invoicePaid(paid.tenantId(), paid.number(), paid.amount()));
    }
}
