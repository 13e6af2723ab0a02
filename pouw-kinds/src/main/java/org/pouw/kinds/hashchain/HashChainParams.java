package org.pouw.kinds.hashchain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pouw.core.work.WorkFailedException;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.hashchain.JobBinding;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code hash-chain} job asks: prove y = H^steps(seed) for the Rescue-Prime hash H, where the node already
 * computed y. Field elements travel as decimal strings. The chain alone is not what a proof proves: that is
 * {@link #statementFor}, the chain bound to one job and its prover, known only once a prover holds the job's lease.
 */
public record HashChainParams(long[] seed, long steps, long[] output) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public HashChainParams {
        seed = seed.clone();
        output = output.clone();
    }

    @Override
    public long[] seed() {
        return seed.clone();
    }

    @Override
    public long[] output() {
        return output.clone();
    }

    /**
     * The statement a proof of this chain must prove for {@code binding}.
     *
     * @throws IllegalArgumentException when the chain is not a valid statement (non-canonical words, steps out of
     *                                  range)
     */
    public HashChainStatement statementFor(JobBinding binding) {
        return new HashChainStatement(seed, steps, output, binding);
    }

    /**
     * The job's blob and the source of its trace hash: seed (4 × u64le) ‖ steps (u64le) ‖ output (4 × u64le). Kept
     * as it was before proofs were bound to jobs, so job ids (docs/test-vectors.md) do not move.
     */
    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(8 * (seed.length + 1 + output.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : seed) {
            buffer.putLong(v);
        }
        buffer.putLong(steps);
        for (long v : output) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        words(o.putArray("seed"), seed);
        o.put("steps", steps);
        words(o.putArray("output"), output);
        return MAPPER.writeValueAsString(o);
    }

    public static HashChainParams parse(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            return new HashChainParams(words(o.required("seed")), o.required("steps").asLong(),
                    words(o.required("output")));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new WorkFailedException("hash-chain params are malformed: " + e.getMessage());
        }
    }

    private static void words(ArrayNode array, long[] words) {
        for (long word : words) {
            array.add(Long.toUnsignedString(word));
        }
    }

    private static long[] words(JsonNode array) {
        long[] words = new long[array.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = Long.parseUnsignedLong(array.get(i).asString());
        }
        return words;
    }
}
