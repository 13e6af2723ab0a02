package org.pouw.kinds.hashchain;

import org.pouw.core.work.WorkFailedException;
import org.pouw.stark.air.hashchain.HashChainStatement;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code hash-chain} job asks: prove y = H^steps(seed) for the Rescue-Prime hash H, where the node already
 * computed y. Field elements travel as decimal strings.
 */
public record HashChainParams(HashChainStatement statement) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        words(o.putArray("seed"), statement.seed());
        o.put("steps", statement.steps());
        words(o.putArray("output"), statement.output());
        return MAPPER.writeValueAsString(o);
    }

    public static HashChainParams parse(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            return new HashChainParams(new HashChainStatement(words(o.required("seed")), o.required("steps").asLong(),
                    words(o.required("output"))));
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
