package org.pobsync.notify;

import java.time.Instant;
import java.util.List;
import org.pobsync.format.Human;
import org.pobsync.status.HostState;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StateCounts;

/** The daily digest's text: the counts, then every host and condition that needs attention. */
final class Digest {

    private Digest() {
    }

    static String text(Conditions.Reading reading, List<AlertStateRepository.Stored> bad, Instant now) {
        List<HostSummary> hosts = reading.hosts();
        StateCounts n = StateCounts.ofHosts(hosts);
        StringBuilder b = new StringBuilder();
        b.append(n.bad() == 0 ? "Every enabled host has a good backup within its expectation."
                : n.bad() + " of " + Human.plural(hosts.size(), "host") + (n.bad() == 1 ? " needs" : " need")
                + " attention.");
        b.append("\n\n").append(n.ok()).append(" ok, ").append(n.failing()).append(" failing, ").append(n.late())
                .append(" late, ").append(n.never()).append(" never backed up, ").append(n.disabled())
                .append(" disabled.\n");
        for (HostState s : List.of(HostState.FAILING, HostState.NEVER, HostState.LATE)) {
            for (HostSummary h : hosts) {
                if (h.state() == s) {
                    b.append("\n").append(h.name()).append(": ").append(h.health().label()).append(" - ")
                            .append(h.health().reason());
                }
            }
        }
        boolean header = false;
        for (AlertStateRepository.Stored st : bad) {
            if (st.kind() == AlertKind.HOST) {
                continue;
            }
            if (!header) {
                b.append("\n\nAlso:");
                header = true;
            }
            b.append("\n").append(st.subject()).append(": ").append(st.state().replace('_', ' ')).append(" since ")
                    .append(Human.utc(st.since())).append(" - ").append(st.message());
        }
        return b.append('\n').toString();
    }
}
