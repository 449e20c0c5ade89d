package org.atrium.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After every migration run (also when nothing was pending), grants the role Atrium's connection pool uses what it
 * needs on every table of the schema, as the owner that ran the migrations: read and write on ordinary tables;
 * only read and insert on the append-only ones ({@link #APPEND_ONLY}: the audit log, the wallet ledger, invoice
 * numbers, lines, taxes and payments), so that even with their triggers somehow out of the way the application
 * cannot change them; only read on Flyway's history. Never TRUNCATE, REFERENCES or TRIGGER. Idempotent.
 * <p>
 * Used when migrations run as a different role than the application (the embedded database always; an external
 * server with {@code ATRIUM_DB_MIGRATION_USER}).
 */
final class ApplicationRoleGrants implements Callback {

    /** Tables whose rows are never updated or deleted: a new append-only table belongs here. */
    static final List<String> APPEND_ONLY = List.of("audit_events", "audit_checkpoints", "wallet_transactions",
            "invoice_numbers",
            "invoice_lines", "invoice_tax_lines", "invoice_payments");

    private static final Logger log = LoggerFactory.getLogger(ApplicationRoleGrants.class);

    private static final String GRANTS = """
            do $$
            declare
                app         text   := current_setting('atrium.app_role');
                history     text   := current_setting('atrium.history_table');
                append_only text[] := string_to_array(current_setting('atrium.append_only'), ',');
                r           record;
            begin
                execute format('grant usage on schema %I to %I', current_schema(), app);
                for r in select c.relname, c.oid::regclass as name from pg_class c
                         where c.relnamespace = current_schema()::regnamespace
                           and c.relkind in ('r', 'p', 'v', 'm', 'f') loop
                    execute format('revoke truncate, references, trigger on %s from %I', r.name, app);
                    if r.relname = history then
                        execute format('revoke insert, update, delete on %s from %I', r.name, app);
                        execute format('grant select on %s to %I', r.name, app);
                    elsif r.relname = any(append_only) then
                        execute format('revoke update, delete on %s from %I', r.name, app);
                        execute format('grant select, insert on %s to %I', r.name, app);
                    else
                        execute format('grant select, insert, update, delete on %s to %I', r.name, app);
                    end if;
                end loop;
                for r in select c.oid::regclass as name from pg_class c
                         where c.relnamespace = current_schema()::regnamespace and c.relkind = 'S' loop
                    execute format('grant usage, select on sequence %s to %I', r.name, app);
                end loop;
            end
            $$""";

    private final String applicationRole;

    ApplicationRoleGrants(String applicationRole) {
        this.applicationRole = applicationRole;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try (Connection connection = context.getConfiguration().getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement settings = connection.prepareStatement(
                    "select set_config('atrium.app_role', ?, true), set_config('atrium.history_table', ?, true),"
                            + " set_config('atrium.append_only', ?, true)")) {
                settings.setString(1, applicationRole);
                settings.setString(2, context.getConfiguration().getTable());
                settings.setString(3, String.join(",", APPEND_ONLY));
                settings.execute();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(GRANTS);
            }
            connection.commit();
            log.debug("Granted {} its privileges", applicationRole);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot grant " + applicationRole + " its privileges", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "atrium-application-role-grants";
    }
}
