package org.atrium.platform.web;

import org.atrium.platform.Money;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Money leaves the API as {@code {"amount": "29.00", "currency": "USD"}}: a decimal string with exactly the
 * currency's minor digits, never a floating-point number.
 */
@Configuration(proxyBeanMethods = false)
class MoneyJson {

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
        return module;
    }
}
