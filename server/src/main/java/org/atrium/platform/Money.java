package org.atrium.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency. Amounts always carry exactly the currency's minor digits; rounding happens
 * at a named step ({@link #allocate}, tax, proration) with {@link RoundingMode#HALF_EVEN}, never implicitly.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = minorDigits(currency);
        if (amount.scale() > digits && amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException(
                    "%s allows %d decimal places, got %s".formatted(currency.getCurrencyCode(), digits, amount.toPlainString()));
        }
        amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
    }

    /**
     * Largest amount Atrium accepts on one line, movement or invoice (exclusive): keeps sums far inside the
     * database's numeric(19,4).
     */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currency));
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount, Currency.getInstance(currency));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money zero(String currency) {
        return zero(Currency.getInstance(currency));
    }

    /** Rounds an exact amount to the currency's minor unit, HALF_EVEN. The one place where rounding happens. */
    public static Money rounded(BigDecimal exact, Currency currency) {
        return new Money(exact.setScale(minorDigits(currency), RoundingMode.HALF_EVEN), currency);
    }

    public static int minorDigits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        return digits < 0 ? 0 : digits;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isAtLeast(Money other) {
        return compareTo(other) >= 0;
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    /** The amount as the API shows it: a plain decimal string with the currency's minor digits. */
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "Cannot combine %s with %s".formatted(currency.getCurrencyCode(), other.currency.getCurrencyCode()));
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
