package org.atrium.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.atrium.audit.AuditCheckpoint;
import org.atrium.audit.AuditCheckpointSink;

/**
 * Every checkpoint as an RFC 5424 syslog message, over UDP (RFC 5426, one datagram) or TCP (RFC 6587 octet
 * counting, a connection per message: there is one an hour). The message is the checkpoint's JSON line, after a
 * UTF-8 byte order mark as RFC 5424 asks; MSGID {@code checkpoint}, no structured data.
 */
final class SyslogCheckpointSink implements AuditCheckpointSink {

    enum Transport {
        UDP, TCP;

        static Transport of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("atrium.audit.checkpoints.syslog.protocol must be udp or tcp, not '"
                        + name + "'");
            }
        }
    }

    /** Severity 5, notice: a normal but significant condition. */
    private static final int SEVERITY_NOTICE = 5;
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final int TIMEOUT_MILLIS = 5_000;

    private final String host;
    private final int port;
    private final Transport transport;
    private final int facility;
    private final String hostname;
    private final String procId;

    SyslogCheckpointSink(String host, int port, Transport transport, int facility, String hostname) {
        if (facility < 0 || facility > 23) {
            throw new IllegalStateException("atrium.audit.checkpoints.syslog.facility must be 0 to 23, not " + facility);
        }
        this.host = host;
        this.port = port;
        this.transport = transport;
        this.facility = facility;
        this.hostname = printable(hostname, 255);
        this.procId = String.valueOf(ProcessHandle.current().pid());
    }

    @Override
    public String name() {
        return "syslog " + transport.name().toLowerCase(Locale.ROOT) + "://" + host + ":" + port;
    }

    @Override
    public void publish(AuditCheckpoint checkpoint, String jsonLine) throws IOException {
        byte[] message = message(checkpoint, jsonLine);
        if (transport == Transport.UDP) {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(message, message.length, new InetSocketAddress(host, port)));
            }
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
        }
    }

    /** {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG}. */
    byte[] message(AuditCheckpoint checkpoint, String jsonLine) {
        String header = "<" + (facility * 8 + SEVERITY_NOTICE) + ">1 " + checkpoint.at() + " " + hostname
                + " atrium " + procId + " checkpoint - ";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(BOM);
        out.writeBytes(jsonLine.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** RFC 5424 header fields are printable US-ASCII without spaces, or "-" when there is nothing. */
    private static String printable(String value, int max) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c > 32 && c < 127 && out.length() < max) {
                out.append(c);
            }
        }
        return out.isEmpty() ? "-" : out.toString();
    }
}
