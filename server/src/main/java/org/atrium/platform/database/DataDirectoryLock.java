package org.atrium.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on Atrium's data directory, held by the one Atrium process that uses it for as long as it
 * runs. The operating system releases it when the process dies, however it dies ({@code kill -9} included), so a
 * lock that cannot be taken always means a live Atrium.
 */
final class DataDirectoryLock implements AutoCloseable {

    /** Lock files held by this JVM: a second Atrium in the same process is refused as well. */
    private static final Set<Path> heldHere = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, or refuses at once.
     *
     * @throws DataDirectoryInUseException when another Atrium (in this or another process) holds it
     */
    static DataDirectoryLock acquire(Path lockFile) {
        Path file = lockFile.toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Path key = file.toRealPath();
            if (!heldHere.add(key)) {
                channel.close();
                throw new DataDirectoryInUseException(file.getParent(), ProcessHandle.current().pid());
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                heldHere.remove(key);
                channel.close();
                throw new DataDirectoryInUseException(file.getParent(), parsePid(holder));
            }
            // Who holds it, for the refusal message of the next one; advisory locks do not stop reading.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(false);
            return new DataDirectoryLock(file, key, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the data directory with " + file, e);
        }
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release " + file, e);
        } finally {
            heldHere.remove(key);
        }
    }
}
