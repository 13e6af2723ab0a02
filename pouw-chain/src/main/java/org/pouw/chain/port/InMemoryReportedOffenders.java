package org.pouw.chain.port;

import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.pouw.chain.tx.Slash;
import org.pouw.ml.wire.Bytes32;

/** {@link ReportedOffenders} in memory, for the simulation's nodes and for tests: forgotten at exit. */
public final class InMemoryReportedOffenders implements ReportedOffenders {
    private final SequencedMap<Bytes32, Slash> pending = new LinkedHashMap<>();

    @Override
    public SequencedMap<Bytes32, Slash> pending() {
        return new LinkedHashMap<>(pending);
    }

    @Override
    public void reported(Bytes32 offender, Slash evidence) {
        pending.putIfAbsent(offender, evidence);
    }

    @Override
    public void settled(Bytes32 offender) {
        pending.remove(offender);
    }
}
