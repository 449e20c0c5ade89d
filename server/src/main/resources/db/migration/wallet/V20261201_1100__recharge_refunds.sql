-- A refund of a gateway recharge is its own ledger type, a debit: money of a recharge given back to the payer
-- (the existing 'refund' stays a credit: money given back to the wallet against a paid invoice).
alter table wallet_transactions drop constraint wallet_transactions_type_check;
alter table wallet_transactions add constraint wallet_transactions_type_check
    check (type in ('recharge', 'subscription_payment', 'manual_credit', 'manual_debit', 'refund',
                    'recharge_refund'));
alter table wallet_transactions drop constraint wallet_transactions_check;
alter table wallet_transactions add constraint wallet_transactions_check
    check ((type in ('recharge', 'manual_credit', 'refund') and amount > 0)
        or (type in ('subscription_payment', 'manual_debit', 'recharge_refund') and amount < 0));
