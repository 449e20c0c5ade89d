package org.atrium.branding;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on loopback UDP: it parses real queries and answers with real DNS messages
 * (built with dnsjava) from the records a test puts in; an unknown name is NXDOMAIN.
 */
final class FakeDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Thread thread;

    FakeDns() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    void txt(String name, String value) {
        put(name, Type.TXT, new TXTRecord(name(name), DClass.IN, 60, value));
    }

    void cname(String name, String target) {
        put(name, Type.CNAME, new CNAMERecord(name(name), DClass.IN, 60, name(target)));
    }

    void clear(String name) {
        records.keySet().removeIf(key -> key.startsWith(name.toLowerCase() + "|"));
    }

    private void put(String name, int type, Record record) {
        records.compute(name.toLowerCase() + "|" + type, (k, list) -> {
            List<Record> updated = new java.util.ArrayList<>(list == null ? List.of() : list);
            updated.add(record);
            return updated;
        });
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                response.addRecord(question, Section.QUESTION);
                String key = question.getName().toString(true).toLowerCase() + "|" + question.getType();
                List<Record> answers = records.getOrDefault(key, List.of());
                boolean nameExists = records.keySet().stream()
                        .anyMatch(k -> k.startsWith(question.getName().toString(true).toLowerCase() + "|"));
                for (Record answer : answers) {
                    response.addRecord(answer, Section.ANSWER);
                }
                response.getHeader().setRcode(nameExists ? Rcode.NOERROR : Rcode.NXDOMAIN);
                byte[] wire = response.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
