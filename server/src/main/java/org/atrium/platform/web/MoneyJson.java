package org.atrium.platform.web;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import org.atrium.platform.Money;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Money leaves the API as {@code {"amount": "29.00", "currency": "USD"}}: a decimal string with exactly the
 * currency's minor digits, never a floating-point number.
 * <p>
 * Decimals come in strictly, as a JSON number or a string of plain digits with an optional sign and fraction
 * ({@code 5}, {@code "5.00"}, {@code "-1.5"}): {@code " 5 "}, {@code "+5"}, {@code "1E2"} and {@code "5."} are
 * refused with a 400 naming the field, because what a person types by mistake must not become an amount.
 */
@Configuration(proxyBeanMethods = false)
class MoneyJson {

    static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    @Bean
    JacksonModule moneyModule() {
        SimpleModule module = new SimpleModule("atrium-money");
        module.addSerializer(Money.class, new ValueSerializer<Money>() {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializationContext context) {
                gen.writeStartObject();
                gen.writeStringProperty("amount", value.toPlainString());
                gen.writeStringProperty("currency", value.currencyCode());
                gen.writeEndObject();
            }
        });
        module.addDeserializer(BigDecimal.class, new StrictDecimal());
        return module;
    }

    static final class StrictDecimal extends ValueDeserializer<BigDecimal> {

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext context) {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                String text = p.getString();
                if (!PLAIN_DECIMAL.matcher(text).matches()) {
                    throw InvalidFormatException.from(p, "not a plain decimal number", text, BigDecimal.class);
                }
                return p.getDecimalValue();
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getString();
                if (!PLAIN_DECIMAL.matcher(text).matches()) {
                    throw InvalidFormatException.from(p, "not a plain decimal number", text, BigDecimal.class);
                }
                return new BigDecimal(text);
            }
            return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, p);
        }
    }
}
