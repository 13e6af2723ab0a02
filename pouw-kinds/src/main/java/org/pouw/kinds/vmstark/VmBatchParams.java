package org.pouw.kinds.vmstark;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.work.WorkFailedException;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.VmBatchStatement;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code vm-batch} job asks (the {@code full} tier, issue 22 §3): one proof that every member — one job per
 * intent, in this order — runs its program from pc 0 and its inputs to its first halt after exactly its steps, in
 * its end state, as the node's own execution recorded. Each member is its job id and its {@link VmStarkParams} (a
 * whole run: first step 0, ending on the halt), which is also what the member falls back to if the batch fails.
 */
public record VmBatchParams(List<Member> members) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** One intent of the batch: its job and the run the node recorded for it. */
    public record Member(String jobId, VmStarkParams run) {
    }

    public VmBatchParams {
        members = List.copyOf(members);
        if (members.isEmpty() || members.size() > VmBatchStatement.MAX_INTENTS) {
            throw new IllegalArgumentException("a batch holds 1 to " + VmBatchStatement.MAX_INTENTS
                    + " members, got " + members.size());
        }
        for (Member member : members) {
            VmStarkParams run = member.run();
            if (run.firstStep() != 0 || !run.halts() || run.start().pc() != 0) {
                throw new IllegalArgumentException("member " + member.jobId() + " is not a whole run from pc 0 to "
                        + "its halt");
            }
        }
    }

    /**
     * The statement a proof of this batch must prove for {@code binding} (the lead job and its leaseholder).
     *
     * @throws IllegalArgumentException when a member's program ref is not a hash
     */
    public VmBatchStatement statementFor(JobBinding binding) {
        return new VmBatchStatement(intents(), binding);
    }

    /** The intent list the batch proves, in member order. */
    public List<VmBatchStatement.Intent> intents() {
        List<VmBatchStatement.Intent> intents = new ArrayList<>(members.size());
        for (Member member : members) {
            VmStarkParams run = member.run();
            if (!run.programRef().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("program_ref of member " + member.jobId()
                        + " must be 64 lower-case hex digits");
            }
            intents.add(new VmBatchStatement.Intent(Hex.decode(run.programRef()), run.start().registers(),
                    run.steps(), run.end()));
        }
        return intents;
    }

    /** The distinct programs the batch runs, in first-use order: what its prover may read. */
    public List<String> programRefs() {
        return members.stream().map(member -> member.run().programRef()).distinct().toList();
    }

    public long totalSteps() {
        return members.stream().mapToLong(member -> member.run().steps()).sum();
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode array = o.putArray("members");
        for (Member member : members) {
            ObjectNode entry = array.addObject();
            entry.put("job_id", member.jobId());
            entry.set("run", MAPPER.readTree(member.run().toJson()));
        }
        return MAPPER.writeValueAsString(o);
    }

    /** Parses params; {@link WorkFailedException} says what is wrong (they come from the node, so rarely). */
    public static VmBatchParams parse(String json) {
        try {
            JsonNode array = MAPPER.readTree(json).required("members");
            List<Member> members = new ArrayList<>(array.size());
            for (JsonNode entry : array) {
                members.add(new Member(entry.required("job_id").asString(),
                        VmStarkParams.parse(MAPPER.writeValueAsString(entry.required("run")))));
            }
            return new VmBatchParams(members);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new WorkFailedException("vm-batch params are malformed: " + e.getMessage());
        }
    }
}
