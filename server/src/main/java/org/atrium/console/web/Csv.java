package org.atrium.console.web;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * One CSV line at a time (RFC 4180): a field holding a comma, a quote or a line break is quoted, with quotes
 * doubled; a field a spreadsheet would read as a formula (starting with {@code = + - @}, a tab or a carriage return)
 * is prefixed with an apostrophe, so that tenant-supplied text cannot run in the reader's spreadsheet.
 */
final class Csv {

    private Csv() {
    }

    /** Writes fields already made safe by {@link #text} or {@link #number}, and the line's end. */
    static void line(Writer out, List<String> fields) throws IOException {
        out.write(String.join(",", fields));
        out.write("\r\n");
    }

    /** A number the server printed itself (a balance may start with a minus): quoted only if it must be. */
    static String number(String value) {
        return quoted(value);
    }

    /** Text, possibly from a tenant: defused as a formula, then quoted if it must be. */
    static String text(String value) {
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        return quoted(safe);
    }

    private static String quoted(String safe) {
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
