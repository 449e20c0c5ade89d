package org.atrium.wallet;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;

/**
 * Tenants' prepaid wallets. Credits and debits join the caller's transaction, so a caller that records something
 * else with the movement (an invoice) gets both or neither, and so does a listener of the movement's event.
 * <p>
 * Every movement is meant to have exactly one invoice. Billing makes {@code subscription_payment} and {@code refund}
 * movements itself, together with their invoice (pay an invoice from the wallet, refund an invoice), and invoices
 * the other types when it hears of them; so other modules record recharges and manual movements here, and pay or
 * refund through billing.
 */
public interface Wallets {

    /** The tenant's wallet, or a 404 problem. */
    Wallet require(TenantId tenant);

    /**
     * The wallets of several tenants, locked until the caller's transaction ends (which must exist), in tenant order.
     * A caller that will move money of several wallets and then issue invoices locks them all first, so that it
     * never waits for a wallet while it holds the invoice numbers.
     */
    Map<TenantId, Wallet> lockAll(Collection<TenantId> tenants);

    /**
     * Adds money ({@code recharge}, {@code manual_credit}, {@code refund}).
     *
     * @throws org.atrium.platform.ProblemException 400 for a bad amount, currency, type or reference; 404 without a
     *                                              wallet; 409 {@code reference-conflict} when the reference was used
     *                                              for another movement
     */
    LedgerResult credit(TenantId tenant, LedgerRequest request);

    /**
     * Takes money ({@code subscription_payment}, {@code manual_debit}). A manual debit may take the balance below
     * zero; a subscription payment never does and is refused with 402 {@code insufficient-funds} (extension members
     * {@code requiredAmount} and {@code balance}).
     */
    LedgerResult debit(TenantId tenant, LedgerRequest request);

    /** One debit of {@link #debitAll}. */
    record Debit(TenantId tenant, LedgerRequest request) {
    }

    /**
     * Several debits at once, each with the rules of {@link #debit} and in the order given, written together: the
     * results are in the same order. A refusal of any of them refuses them all, and nothing is written.
     */
    List<LedgerResult> debitAll(List<Debit> debits);

    /** The movement recorded under a reference, if any. */
    Optional<WalletTransaction> transaction(TenantId tenant, String reference);

    PageResponse<WalletTransaction> transactions(TenantId tenant, PageRequest page, WalletTransactionQuery query);

    /** The wallets of several tenants, read without locking; tenants without a wallet are absent. */
    Map<TenantId, Wallet> findAll(Collection<TenantId> tenants);

    /**
     * Platform-wide, for the staff's tenant list: the tenants whose balance is below {@code amount} (in each wallet's
     * own currency).
     */
    java.util.Set<TenantId> tenantsWithBalanceBelow(java.math.BigDecimal amount);

    /**
     * Checks every wallet: its balance must equal the sum of its ledger and the balance after its last row, and each
     * row's balance after must follow from the one before. Returns the wallets that do not agree (none when healthy).
     */
    List<WalletDiscrepancy> verifyAll();
}
