package org.atrium;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Atrium: the self-hosted control plane for a multi-tenant SaaS business.
 */
@SpringBootApplication
@Modulithic(sharedModules = "platform")
@EnableScheduling
@org.springframework.scheduling.annotation.EnableAsync
public class AtriumApplication {

    public static void main(String[] args) {
        if (CommandLine.handled(args, System.out)) {
            return;
        }
        SpringApplication.run(AtriumApplication.class, args);
    }
}
