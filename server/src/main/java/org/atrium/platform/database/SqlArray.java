package org.atrium.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;

import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/**
 * A PostgreSQL array as the value of one named parameter, so that a batch of rows travels as a few arrays and is
 * written by one statement with {@code unnest}, whatever its size: one SQL text, one plan, one round trip.
 * <pre>{@code
 * jdbc.sql("insert into t (a, b) select * from unnest(:a, :b)")
 *     .param("a", SqlArray.of("uuid", ids)).param("b", SqlArray.of("text", names)).update();
 * }</pre>
 * Elements are JDBC values ({@code UUID}, {@code String}, {@code BigDecimal}, {@code java.sql.Date},
 * {@code java.sql.Timestamp}, {@code Integer}, {@code Long}, {@code Boolean}); {@code null} elements are allowed.
 * Types without a JDBC mapping (jsonb) travel as {@code text} and are cast in the SQL.
 */
public final class SqlArray extends AbstractSqlTypeValue {

    private final String elementType;
    private final Object[] elements;

    private SqlArray(String elementType, Object[] elements) {
        this.elementType = elementType;
        this.elements = elements;
    }

    /** An array of {@code elementType} (a PostgreSQL type name: uuid, text, numeric, date, int4 …). */
    public static SqlArray of(String elementType, Collection<?> elements) {
        return new SqlArray(elementType, elements.toArray());
    }

    /** The array of one field of every row. */
    public static <T> SqlArray of(String elementType, Collection<T> rows, Function<? super T, ?> field) {
        Object[] values = new Object[rows.size()];
        int i = 0;
        for (T row : rows) {
            values[i++] = field.apply(row);
        }
        return new SqlArray(elementType, values);
    }

    @Override
    protected Object createTypeValue(Connection con, int sqlType, String typeName) throws SQLException {
        return con.createArrayOf(elementType, elements);
    }
}
