package org.pouw.kinds.vmstark;

import org.pouw.core.work.WorkFailedException;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.vm.VmState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code vm-stark} job asks: prove that the program stored under {@code programRef} (the hex BLAKE3 of its
 * encoding, so the key is its hash), from {@code start} at step {@code firstStep} of its run, executes exactly
 * {@code steps} steps to {@code end}, ending on its first halt if {@code halts} (a whole run or the final segment)
 * and without one otherwise — as the node's own execution recorded. Registers travel as decimal strings.
 */
public record VmStarkParams(String programRef, long firstStep, VmState start, long steps, boolean halts,
                            VmState end) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * The statement a proof of this job must prove for {@code binding}.
     *
     * @throws IllegalArgumentException when the params do not make a statement (a program ref that is not a hash,
     *                                  steps out of range)
     */
    public VmStatement statementFor(JobBinding binding) {
        if (!programRef.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("program_ref must be 64 lower-case hex digits, got '" + programRef
                    + "'");
        }
        return new VmStatement(Hex.decode(programRef), firstStep, start, steps, halts, end, binding);
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("program_ref", programRef);
        o.put("first_step", firstStep);
        state(o.putObject("start_state"), start);
        o.put("steps", steps);
        o.put("halts", halts);
        state(o.putObject("end_state"), end);
        return MAPPER.writeValueAsString(o);
    }

    /** Parses params; {@link WorkFailedException} says what is wrong (they come from the node, so rarely). */
    public static VmStarkParams parse(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            return new VmStarkParams(o.required("program_ref").asString(), o.required("first_step").asLong(),
                    state(o.required("start_state")), o.required("steps").asLong(),
                    o.required("halts").asBoolean(), state(o.required("end_state")));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new WorkFailedException("vm-stark params are malformed: " + e.getMessage());
        }
    }

    private static void state(ObjectNode node, VmState state) {
        node.put("pc", state.pc());
        ArrayNode registers = node.putArray("registers");
        for (long value : state.registers()) {
            registers.add(Long.toUnsignedString(value));
        }
    }

    private static VmState state(JsonNode node) {
        JsonNode array = node.required("registers");
        long[] registers = new long[array.size()];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = Long.parseUnsignedLong(array.get(i).asString());
        }
        return new VmState(node.required("pc").asInt(), registers);
    }
}
