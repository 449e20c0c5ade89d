package org.atrium.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.atrium.audit.AuditCheckpoint;
import org.junit.jupiter.api.Test;

/** The syslog sink against local sockets that receive what a syslog server would. */
class SyslogCheckpointSinkTests {

    static final AuditCheckpoint CHECKPOINT = new AuditCheckpoint(7, "ab12", Instant.parse("2026-12-01T21:00:00Z"),
            "0011223344556677", "c2ln", "hourly");
    static final String LINE = "{\"sequence\":7,\"hash\":\"ab12\"}";
    /** Facility 13 (log audit) × 8 + severity 5 (notice) = 109; then version 1, the checkpoint's time, host, app. */
    static final String HEADER = "<109>1 2026-12-01T21:00:00Z atrium-node-1 atrium " + ProcessHandle.current().pid()
            + " checkpoint - ";

    @Test
    void sendsOneRfc5424DatagramOverUdp() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            new SyslogCheckpointSink("127.0.0.1", server.getLocalPort(), SyslogCheckpointSink.Transport.UDP, 13,
                    "atrium-node-1").publish(CHECKPOINT, LINE);
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            server.receive(packet);
            byte[] received = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            assertThat(received).isEqualTo(expected());
        }
    }

    @Test
    void sendsAnOctetCountedFrameOverTcp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket client = server.accept(); InputStream in = client.getInputStream()) {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    in.transferTo(all);
                    return all.toByteArray();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            new SyslogCheckpointSink("127.0.0.1", server.getLocalPort(), SyslogCheckpointSink.Transport.TCP, 13,
                    "atrium-node-1").publish(CHECKPOINT, LINE);
            byte[] frame = received.get(5, TimeUnit.SECONDS);
            byte[] message = expected();
            // RFC 6587 octet counting: the message's length in bytes (the BOM is 3 of them), a space, the message.
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            framed.writeBytes((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            framed.writeBytes(message);
            assertThat(frame).isEqualTo(framed.toByteArray());
        }
    }

    @Test
    void refusesAnUnknownProtocolOrFacility() {
        assertThatThrownBy(() -> SyslogCheckpointSink.Transport.of("tls")).hasMessageContaining("udp or tcp");
        assertThatThrownBy(() -> new SyslogCheckpointSink("h", 514, SyslogCheckpointSink.Transport.UDP, 24, "x"))
                .hasMessageContaining("0 to 23");
    }

    private static byte[] expected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADER.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
        out.writeBytes(LINE.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
