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
 * encoding, so the key is its hash) halts after exactly {@code steps} steps from {@code start} in {@code end}, as the
 * node's own execution recorded. Registers travel as decimal strings.
 */
public record VmStarkParams(String programRef, long[] start, long steps, VmState end) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public VmStarkParams {
        start = new VmState(0, start).registers();
    }

    @Override
    public long[] start() {
        return start.clone();
    }

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
        return new VmStatement(Hex.decode(programRef), start, steps, end, binding);
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("program_ref", programRef);
        o.put("steps", steps);
        registers(o.putArray("start_registers"), start);
        ObjectNode endState = o.putObject("end_state");
        endState.put("pc", end.pc());
        registers(endState.putArray("registers"), end.registers());
        return MAPPER.writeValueAsString(o);
    }

    /** Parses params; {@link WorkFailedException} says what is wrong (they come from the node, so rarely). */
    public static VmStarkParams parse(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            JsonNode endState = o.required("end_state");
            return new VmStarkParams(o.required("program_ref").asString(), registers(o.required("start_registers")),
                    o.required("steps").asLong(),
                    new VmState(endState.required("pc").asInt(), registers(endState.required("registers"))));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new WorkFailedException("vm-stark params are malformed: " + e.getMessage());
        }
    }

    private static void registers(ArrayNode array, long[] values) {
        for (long value : values) {
            array.add(Long.toUnsignedString(value));
        }
    }

    private static long[] registers(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Long.parseUnsignedLong(array.get(i).asString());
        }
        return out;
    }
}
