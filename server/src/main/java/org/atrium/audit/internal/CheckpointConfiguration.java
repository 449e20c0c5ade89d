package org.atrium.audit.internal;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.atrium.audit.AuditCheckpointSink;
import org.atrium.audit.AuditCheckpoints.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.ObjectMapper;

/**
 * The checkpoint signing key, the sinks (the file and the log always, syslog when a host is set, any
 * {@link AuditCheckpointSink} bean besides) and the service that uses them.
 */
@Configuration(proxyBeanMethods = false)
class CheckpointConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CheckpointConfiguration.class);

    @Bean
    CheckpointSigner checkpointSigner(@Value("${atrium.audit.signing-key:}") String encodedKey,
            @Value("${atrium.audit.data-dir:./data}") Path dataDir) {
        CheckpointSigner signer;
        String source;
        if (!encodedKey.isBlank()) {
            signer = CheckpointSigner.fromEncoded(encodedKey);
            source = "ATRIUM_AUDIT_SIGNING_KEY";
        } else {
            Path file = dataDir.resolve("audit-signing.key");
            signer = CheckpointSigner.fromFile(file);
            source = file.toAbsolutePath().normalize().toString();
        }
        SigningKey key = signer.publicKey();
        log.info("""
                Audit checkpoints are signed with Ed25519 key {} (from {}).
                  Public key (X.509, base64): {}
                  Public key (raw, hex):      {}
                  Signed bytes: UTF-8 of "{}"; GET /api/v1/audit-events/checkpoints/public-key""", key.keyId(),
                source, key.spkiBase64(), key.rawHex(), key.signedFormat());
        return signer;
    }

    @Bean
    FileCheckpointSink fileCheckpointSink(@Value("${atrium.audit.data-dir:./data}") Path dataDir, ObjectMapper json) {
        return new FileCheckpointSink(dataDir.resolve("audit-checkpoints.jsonl"), json);
    }

    @Bean
    LogCheckpointSink logCheckpointSink() {
        return new LogCheckpointSink();
    }

    @Bean
    @ConditionalOnExpression("'${atrium.audit.checkpoints.syslog.host:}' != ''")
    SyslogCheckpointSink syslogCheckpointSink(@Value("${atrium.audit.checkpoints.syslog.host}") String host,
            @Value("${atrium.audit.checkpoints.syslog.port:514}") int port,
            @Value("${atrium.audit.checkpoints.syslog.protocol:udp}") String protocol,
            @Value("${atrium.audit.checkpoints.syslog.facility:13}") int facility) {
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            hostname = "-";
        }
        SyslogCheckpointSink sink = new SyslogCheckpointSink(host, port, SyslogCheckpointSink.Transport.of(protocol),
                facility, hostname);
        log.info("Audit checkpoints also go to {}", sink.name());
        return sink;
    }

    @Bean
    ChainCheckpoints chainCheckpoints(JdbcClient jdbc, TransactionTemplate tx, Clock clock, ObjectMapper json,
            CheckpointSigner signer, FileCheckpointSink file, List<AuditCheckpointSink> sinks) {
        return new ChainCheckpoints(jdbc, tx, clock, json, signer, file, sinks);
    }
}
