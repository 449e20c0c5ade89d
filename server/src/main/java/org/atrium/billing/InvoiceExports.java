package org.atrium.billing;

import java.time.LocalDate;
import java.util.function.Consumer;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** Every invoice matching a query, one at a time, for exports that must not hold the whole list in memory. */
public interface InvoiceExports {

    /** An invoice's head, as an export writes it. */
    record Row(String number, TenantId tenantId, InvoiceType type, InvoiceStatus status,
            @Nullable LocalDate issueDate, @Nullable LocalDate dueDate, Money total, Money amountPaid,
            Money amountRefunded) {
    }

    /**
     * Hands each matching invoice (numbered ones only), newest issued first, to {@code each} while reading them from
     * a database cursor; returns how many there were. Runs in a read-only transaction of its own.
     */
    long forEach(InvoiceQuery query, Consumer<Row> each);
}
