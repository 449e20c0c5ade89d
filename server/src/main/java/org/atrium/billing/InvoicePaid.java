package org.atrium.billing;

import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * An invoice was settled: by hand, from the wallet, or as the record of a wallet movement. Published inside the
 * transaction that settled it.
 *
 * @param method how: {@code wire}, {@code cash}, {@code check}, {@code card}, {@code other}, {@code wallet} or
 *               {@code gateway}
 */
public record InvoicePaid(TenantId tenantId, String number, UUID invoiceId, Money amount, String method) {
}
