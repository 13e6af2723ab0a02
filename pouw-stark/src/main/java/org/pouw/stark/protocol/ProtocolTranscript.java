package org.pouw.stark.protocol;

import java.io.ByteArrayOutputStream;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.proof.ProofOptions;

/**
 * Opens the transcript of one proof. Before any challenge exists it absorbs the statement in full: protocol
 * version, AIR id, extension degree, proof options, trace shape (length, widths, aux randomness count, composition columns) and the
 * public inputs. Prover and verifier both start here, so a proof made for one statement or parameter set cannot be
 * replayed against another.
 */
public final class ProtocolTranscript {
    /** Bumped with any change to the protocol's message order or encodings. */
    public static final int PROTOCOL_VERSION = 1;

    private ProtocolTranscript() {
    }

    public static Transcript start(Air air, ProofOptions options) {
        TraceInfo info = air.traceInfo();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(PROTOCOL_VERSION);
        header.write(air.airId());
        if (options.extensionDegree() != 2) {
            // Degree-2 headers predate the option and must stay byte-identical (golden proofs); any other degree is
            // absorbed, and the absorb's length prefix keeps the two header layouts from colliding.
            header.write(options.extensionDegree());
        }
        header.writeBytes(options.encode());
        header.write(info.lengthLog2());
        header.write(info.width());
        header.write(info.auxWidth());
        header.write(info.auxRandomCount());
        header.write(air.compositionColumns());
        Transcript transcript = new Transcript("pouw-stark-v" + PROTOCOL_VERSION);
        transcript.absorb(header.toByteArray());
        transcript.absorb(air.publicInputs());
        return transcript;
    }
}
