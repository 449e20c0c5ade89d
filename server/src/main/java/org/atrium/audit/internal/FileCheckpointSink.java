package org.atrium.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.atrium.audit.AuditCheckpoint;
import org.atrium.audit.AuditCheckpointSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.ObjectMapper;

/**
 * The checkpoints as one JSON line each, appended to a file in the data directory and forced to disk; read back by
 * {@code verify}. Atrium only appends to it; making it append-only for everyone else too ({@code chattr +a}, a
 * write-once volume) or copying it off the host is the operator's choice.
 */
final class FileCheckpointSink implements AuditCheckpointSink {

    private static final Logger log = LoggerFactory.getLogger(FileCheckpointSink.class);

    private final Path file;
    private final ObjectMapper json;

    FileCheckpointSink(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    @Override
    public String name() {
        return "file";
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void publish(AuditCheckpoint checkpoint, String jsonLine) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /**
     * Every checkpoint in the file, oldest first. A line that is not a checkpoint (a torn last line after a crash,
     * an edit) is skipped with a warning: it cannot vouch for anything, and the signed lines around it still do.
     */
    synchronized List<AuditCheckpoint> readAll() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the audit checkpoint file " + file, e);
        }
        List<AuditCheckpoint> checkpoints = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                checkpoints.add(json.readValue(line, AuditCheckpoint.class));
            } catch (RuntimeException e) {
                log.warn("Line {} of {} is not an audit checkpoint; skipped", i + 1, file);
            }
        }
        return checkpoints;
    }
}
