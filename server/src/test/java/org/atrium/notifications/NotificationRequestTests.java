package org.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.atrium.platform.TenantId;
import org.junit.jupiter.api.Test;

class NotificationRequestTests {

    private final TenantId tenant = NotificationFixtures.newTenant();

    @Test
    void unknownTypeCodeIsRefusedNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> NotificationType.fromCode("subscription.renewd"))
                .withMessageContaining("subscription.renewd").withMessageContaining("subscription.renewed");
        assertThatIllegalArgumentException().isThrownBy(() -> NotificationType.fromCode("SUBSCRIPTION.RENEWED"));
    }

    @Test
    void knownTypeCodesResolveToTheirType() {
        for (NotificationType type : NotificationType.values()) {
            assertThat(NotificationType.fromCode(type.code())).isSameAs(type);
        }
    }

    @Test
    void requestMissingAModelValueItsTemplateNeedsIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NotificationRequest("k", tenant, NotificationType.INVOICE_OVERDUE, null,
                        Map.of("invoiceNumber", "INV-2026-00042")))
                .withMessageContaining("amountDue").withMessageContaining("dueOn");
    }

    @Test
    void requestWithNobodyToTellIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new NotificationRequest("k", null,
                NotificationType.WALLET_RECHARGED, null, Map.of("amount", "1.00 USD", "balance", "2.00 USD")));
    }

    @Test
    void recipientThatIsNotAnEmailAddressIsRefused() {
        for (String bad : new String[] { "not an address", "billing@", "Billing <billing@acme.test>" }) {
            assertThatIllegalArgumentException().as(bad)
                    .isThrownBy(() -> NotificationFixtures.renewal("k", tenant, bad));
        }
    }

    @Test
    void blankDedupeKeyIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NotificationFixtures.renewal(" ", tenant, "billing@acme.test"));
    }

    @Test
    void modelCannotBeChangedAfterTheRequestIsMade() {
        java.util.HashMap<String, Object> model = new java.util.HashMap<>(
                Map.of("amount", "1.00 USD", "balance", "2.00 USD"));
        NotificationRequest request = new NotificationRequest("k", tenant, NotificationType.WALLET_RECHARGED, null,
                model);
        model.put("amount", "999.00 USD");
        assertThat(request.model()).containsEntry("amount", "1.00 USD");
    }
}
