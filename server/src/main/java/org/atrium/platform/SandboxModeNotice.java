package org.atrium.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says in the log, once the application is up, that this is a sandbox, so nobody takes it for production. */
@Component
@ConditionalOnBooleanProperty("atrium.sandbox")
class SandboxModeNotice {

    private static final Logger log = LoggerFactory.getLogger(SandboxModeNotice.class);

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        log.warn("Sandbox mode is on (ATRIUM_SANDBOX=true): staff may move the clock forward; do not bill real "
                + "customers on this instance");
    }
}
