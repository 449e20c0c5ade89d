package org.atrium.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.atrium.platform.ProblemException;
import org.junit.jupiter.api.Test;

class SafeTemplateTests {

    private static final Set<String> VARIABLES = Set.of("planName", "amount", "tenantName");

    @Test
    void placeholdersTakeTheirValuesAndNothingElseIsInterpreted() {
        Map<String, Object> values = Map.of("planName", "Growth", "amount", "29.00 USD");
        assertThat(SafeTemplate.render("Renewed {{planName}} for {{ amount }}; ${planName} #{x} [[y]]", values,
                SafeTemplate.Kind.TEXT)).isEqualTo("Renewed Growth for 29.00 USD; ${planName} #{x} [[y]]");
    }

    @Test
    void inHtmlTheTemplateAndItsValuesAreEscapedAndParagraphsAreOurs() {
        Map<String, Object> values = Map.of("tenantName", "<img src=x onerror=alert(1)>");
        String html = SafeTemplate.render("Hello {{tenantName}}<script>alert(2)</script>\n\nSecond", values,
                SafeTemplate.Kind.HTML);
        assertThat(html).isEqualTo("<p>Hello &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
                + "</p>\n<p>Second</p>\n");
    }

    @Test
    void aTemplateThatReachesOutsideItsVariablesIsRefused() {
        for (String outside : new String[] { "{{T(java.lang.Runtime).getRuntime()}}", "{{@notifications}}",
                "{{tenantName.class}}", "{{#ctx}}", "{{ planName }}{{", "}}", "{{otherTenant}}", "{{secrets}}" }) {
            assertThatThrownBy(() -> SafeTemplate.check("body", outside, VARIABLES)).as(outside)
                    .isInstanceOf(ProblemException.class);
        }
        SafeTemplate.check("body", "Your {{planName}} is {{ amount }}.", VARIABLES);
    }

    @Test
    void anUnknownVariableIsNamedWithTheOnesThatExist() {
        assertThatThrownBy(() -> SafeTemplate.check("subject", "{{password}}", VARIABLES))
                .hasMessageContaining("password").hasMessageContaining("planName");
    }

    @Test
    void aMissingValueRendersEmptyAndControlCharactersGo() {
        Map<String, Object> values = new HashMap<>();
        values.put("amount", "1\u0007 USD");
        assertThat(SafeTemplate.render("[{{planName}}] {{amount}}", values, SafeTemplate.Kind.TEXT))
                .isEqualTo("[] 1 USD");
    }
}
