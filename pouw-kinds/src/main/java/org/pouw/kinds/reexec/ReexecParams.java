package org.pouw.kinds.reexec;

import org.pouw.core.work.WorkFailedException;
import org.pouw.vm.VmState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code reexec} job asks: run the program {@code programRef} from {@code start} (row {@code startRow} of the
 * intent's trace) for {@code steps} steps. Registers travel as decimal strings, since field elements exceed the
 * integers JSON readers agree on.
 */
public record ReexecParams(String programRef, int segment, int startRow, int steps, VmState start) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("program_ref", programRef);
        o.put("segment", segment);
        o.put("start_row", startRow);
        o.put("steps", steps);
        ObjectNode state = o.putObject("start_state");
        state.put("pc", start.pc());
        ArrayNode registers = state.putArray("registers");
        for (long register : start.registers()) {
            registers.add(Long.toUnsignedString(register));
        }
        return MAPPER.writeValueAsString(o);
    }

    /** Parses params; {@link WorkFailedException} says what is wrong (they come from the node, so rarely). */
    public static ReexecParams parse(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            JsonNode state = o.required("start_state");
            JsonNode registersNode = state.required("registers");
            long[] registers = new long[registersNode.size()];
            for (int i = 0; i < registers.length; i++) {
                registers[i] = Long.parseUnsignedLong(registersNode.get(i).asString());
            }
            return new ReexecParams(o.required("program_ref").asString(), o.required("segment").asInt(),
                    o.required("start_row").asInt(), o.required("steps").asInt(),
                    new VmState(state.required("pc").asInt(), registers));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new WorkFailedException("reexec params are malformed: " + e.getMessage());
        }
    }
}
