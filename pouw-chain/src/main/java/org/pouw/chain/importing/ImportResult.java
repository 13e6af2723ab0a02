package org.pouw.chain.importing;

import java.util.List;
import org.pouw.chain.fork.TipChange;
import org.pouw.ml.wire.Bytes32;

/**
 * The outcome of importing one block (docs/chain.md §7): its status, its hash (null when it did not decode), what it
 * did to the tip, or the refusal with the rule's own cause and a detail for people. Orphans that the block's arrival
 * connected come back as their own results, in the order they were connected. Expected refusals are values, never
 * exceptions.
 */
public record ImportResult(ImportStatus status, Bytes32 hash, TipChange tipChange, ImportRefusal refusal, Enum<?> cause,
                           String detail, List<ImportResult> connected) {
    public ImportResult {
        connected = List.copyOf(connected);
    }

    static ImportResult valid(ImportStatus status, Bytes32 hash, TipChange change) {
        return new ImportResult(status, hash, change, null, null, "", List.of());
    }

    static ImportResult simple(ImportStatus status, Bytes32 hash) {
        return new ImportResult(status, hash, null, null, null, "", List.of());
    }

    static ImportResult refused(Bytes32 hash, ImportRefusal refusal, Enum<?> cause, String detail) {
        return new ImportResult(ImportStatus.REFUSED, hash, null, refusal, cause, detail, List.of());
    }

    ImportResult withConnected(List<ImportResult> orphans) {
        return new ImportResult(status, hash, tipChange, refusal, cause, detail, orphans);
    }

    public boolean isRefused() {
        return status == ImportStatus.REFUSED;
    }

    @Override
    public String toString() {
        String name = hash == null ? "undecodable block" : "block " + hash.hex().substring(0, 12) + "…";
        return status == ImportStatus.REFUSED
                ? name + " refused: " + refusal + (cause == null ? "" : " (" + cause + ")") + " " + detail
                : name + " " + status;
    }
}
