package org.atrium.branding.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks a DNS resolver for a domain's verification records. The resolver is {@code atrium.domains.resolver}
 * ({@code host} or {@code host:port}; blank for the system's), queried directly with no cache of ours, so a
 * record just created or removed is seen as the resolver sees it.
 */
@Component
class DnsChecks {

    /** What a lookup found: the answer's records, or that the resolver could not answer at all. */
    record Answer(List<String> values, boolean failed, @Nullable String error) {
    }

    private final Resolver resolver;

    DnsChecks(@Value("${atrium.domains.resolver:}") String address,
            @Value("${atrium.domains.dns-timeout:5s}") Duration timeout) throws UnknownHostException {
        this.resolver = resolver(address);
        this.resolver.setTimeout(timeout);
    }

    private static Resolver resolver(String address) throws UnknownHostException {
        if (address.isBlank()) {
            return new SimpleResolver();
        }
        String host = address;
        int port = 53;
        int colon = address.lastIndexOf(':');
        if (colon > 0 && address.indexOf(':') == colon) {
            host = address.substring(0, colon);
            port = Integer.parseInt(address.substring(colon + 1));
        }
        return new SimpleResolver(new InetSocketAddress(host, port));
    }

    Answer txt(String name) {
        return lookup(name, Type.TXT);
    }

    Answer cname(String name) {
        return lookup(name, Type.CNAME);
    }

    private Answer lookup(String name, int type) {
        try {
            Name query = Name.fromString(name.endsWith(".") ? name : name + ".");
            Message response = resolver.send(Message.newQuery(Record.newRecord(query, type, DClass.IN)));
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                return new Answer(List.of(), true, "the resolver answered " + Rcode.string(rcode));
            }
            List<String> values = new ArrayList<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof TXTRecord txt && record.getName().equals(query)) {
                    values.add(String.join("", txt.getStrings()));
                } else if (record instanceof CNAMERecord cname && record.getName().equals(query)) {
                    values.add(cname.getTarget().toString(true).toLowerCase(Locale.ROOT));
                }
            }
            return new Answer(values, false, null);
        } catch (TextParseException e) {
            return new Answer(List.of(), false, "not a DNS name");
        } catch (IOException e) {
            return new Answer(List.of(), true, "the resolver did not answer (" + e.getClass().getSimpleName() + ")");
        }
    }
}
