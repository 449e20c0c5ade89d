package org.atrium.platform.database;

import java.nio.file.Path;

import org.springframework.boot.ExitCodeGenerator;

/**
 * Another Atrium is running on the same data directory. Reported as one log line by
 * {@link DataDirectoryInUseReporter}; the process then exits with {@link #EXIT_CODE}.
 */
class DataDirectoryInUseException extends RuntimeException implements ExitCodeGenerator {

    static final int EXIT_CODE = 75; // EX_TEMPFAIL: try again once the other one has stopped

    DataDirectoryInUseException(Path directory, long holderPid) {
        super("Another Atrium" + (holderPid > 0 ? " (pid " + holderPid + ")" : "") + " is running on the data directory "
                + directory + "; stop it first, or set ATRIUM_DATA_DIR to another directory");
    }

    @Override
    public int getExitCode() {
        return EXIT_CODE;
    }
}
