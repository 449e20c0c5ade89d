package org.atrium.platform.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the master keys: from {@code ATRIUM_MASTER_KEY} when set; otherwise, only on the embedded database (a
 * development machine), from a key generated on first start into {@code ${ATRIUM_DATA_DIR}/master.key} (mode 0600),
 * beside the data it protects. With an external database and no master key Atrium refuses to start: a key kept on
 * one node's disk would be lost with the node, and the other nodes could not open what it sealed.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    Secrets secrets(@Value("${atrium.secrets.master-key:}") String masterKey,
            @Value("${atrium.secrets.key-file:./data/master.key}") Path keyFile,
            @Value("${spring.datasource.url:}") String databaseUrl) throws IOException {
        if (!masterKey.isBlank()) {
            return new Secrets(MasterKey.parseAll(masterKey));
        }
        if (!databaseUrl.isBlank()) {
            throw new IllegalStateException("ATRIUM_MASTER_KEY is not set. Atrium encrypts stored secrets with it;"
                    + " with an external database every node needs the same key. Make one with"
                    + " `openssl rand -base64 32` and set it on every node.");
        }
        return new Secrets(List.of(developmentKey(keyFile)));
    }

    private static MasterKey developmentKey(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            Path parent = keyFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            byte[] key = new byte[MasterKey.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            try {
                if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(keyFile,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(keyFile);
                }
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                log.warn("ATRIUM_MASTER_KEY is not set: generated a development master key in {}. Stored secrets"
                        + " open only with this file; set ATRIUM_MASTER_KEY in production.", keyFile.toAbsolutePath());
                return MasterKey.of(key);
            } catch (FileAlreadyExistsException raced) {
                // another process on this data directory created it first: use theirs
            }
        }
        log.warn("ATRIUM_MASTER_KEY is not set: using the development master key in {}; set ATRIUM_MASTER_KEY in"
                + " production.", keyFile.toAbsolutePath());
        List<MasterKey> keys = MasterKey.parseAll(Files.readString(keyFile, StandardCharsets.US_ASCII));
        if (keys.size() != 1) {
            throw new IllegalStateException(keyFile.toAbsolutePath() + " must hold exactly one base64 key");
        }
        return keys.get(0);
    }
}
