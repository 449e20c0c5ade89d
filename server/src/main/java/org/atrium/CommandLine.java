package org.atrium;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The options Atrium understands before it starts anything: {@code --help} and {@code --version} print and return,
 * without starting a server or touching the data directory.
 */
final class CommandLine {

    static final String HELP = """
            Usage: java -jar atrium.jar [--help | --version] [--spring.property=value ...]

            Atrium, the control plane for a multi-tenant SaaS business. Every setting is an environment variable
            (or the Spring property in brackets, given as --name=value):

              ATRIUM_PORT                       HTTP port (default 8080)
              ATRIUM_DB_URL                     JDBC URL of an external PostgreSQL; unset: an embedded PostgreSQL
                                                for one node, with its data in $ATRIUM_DATA_DIR/postgres
              ATRIUM_DB_USER, ATRIUM_DB_PASSWORD
                                                the role Atrium connects as on the external server
              ATRIUM_DB_MIGRATION_USER, ATRIUM_DB_MIGRATION_PASSWORD
                                                the role that runs the migrations and owns the schema, if not the
                                                one above (it then grants the application role what it needs)
              ATRIUM_DB_POOL_SIZE               connection pool size (default 20)
              ATRIUM_DATA_DIR                   data directory (default ./data): the embedded PostgreSQL, its
                                                generated passwords (postgres-passwords, mode 0600) and the lock
                                                that keeps a second Atrium off it (atrium.lock)
              ATRIUM_BOOTSTRAP_OWNER_EMAIL      owner account created on first start (default owner@atrium.local)
              ATRIUM_BOOTSTRAP_OWNER_PASSWORD   its password (default: random, printed once)
              ATRIUM_BOOTSTRAP_API_KEY          the first platform API key (default: random, printed once)
              ATRIUM_MAX_BODY_SIZE              larger request bodies get 413 (default 1MB)
              ATRIUM_SANDBOX                    sandbox mode: staff may move the clock forward (default false)
              ATRIUM_SMTP_HOST, ATRIUM_SMTP_PORT, ATRIUM_SMTP_USER, ATRIUM_SMTP_PASSWORD
                                                SMTP server for notifications (unset: mail is captured)
              ATRIUM_PLATFORM_NAME              the platform's name in notifications (default Atrium)
              ATRIUM_MAIL_FROM                  sender of notification mail (default billing@atrium.local)
              ATRIUM_REDIS_URL                  Redis for shared rate-limit buckets and cache invalidation
              ATRIUM_RATE_LIMIT_BURST           per-tenant requests per second (default 50)
              [atrium.lifecycle.run-at]         local time of the daily lifecycle run (default 01:00)
              [atrium.scheduler.enabled]        run scheduled jobs on this node (default true)

            The README describes every setting, the database roles and the API.

              --help, -h                        print this and exit
              --version                         print the version and exit
            """;

    private CommandLine() {
    }

    /** @return whether the arguments asked for something printed instead of a start */
    static boolean handled(String[] args, PrintStream out) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.print(HELP);
            return true;
        }
        if (arguments.contains("--version")) {
            out.println("Atrium " + version());
            return true;
        }
        return false;
    }

    static String version() {
        String version = AtriumApplication.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
