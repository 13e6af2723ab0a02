package org.pouw.node.http;

import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.pouw.core.PouwException;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Accelerator;
import org.pouw.core.job.Job;
import org.pouw.core.job.MachineNeeds;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IdempotencyKey;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.port.JobStore;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Goldilocks;
import org.pouw.node.intents.IntentRequest;
import org.pouw.node.intents.IntentService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/intents}, {@code POST /v1/intents/batch}, {@code GET /v1/intents/{id}} and {@code GET /v1/intents}
 * (the caller's own, newest first) (§5).
 */
public final class IntentEndpoints implements Endpoints {
    /** The most intents one {@code POST /v1/intents/batch} posts (one transaction; its length is bounded). */
    public static final int MAX_BATCH = 100;
    private static final int MAX_INTENTS_PAGE = 100;
    private static final List<String> INTENT_FIELDS = List.of("kind", "program", "inputs", "max_steps", "tier",
            "fee", "seed", "steps", "min_cores", "accelerators");

    private final IntentService intents;
    private final Storage storage;
    private final JobMarket market;

    public IntentEndpoints(IntentService intents, Storage storage, JobMarket market) {
        this.intents = intents;
        this.storage = storage;
        this.market = market;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/v1/intents", this::submit);
        routes.post("/v1/intents/batch", this::submitBatch);
        routes.get("/v1/intents/{id}", this::show);
        routes.get("/v1/intents", this::mine);
    }

    private void submit(ApiCall call) {
        String requester = call.caller();
        ParsedIntent intent = parse(call.body(INTENT_FIELDS), requester);
        IdempotencyKey key = IdempotentRequest.key(call, "intents", intent.parsed());
        IntentRecord record = intent.program() != null ? intents.submit(intent.program(), intent.machine(), key)
                : intents.submitHashChain(requester, intent.seed(), intent.steps(), intent.fee(), intent.machine(),
                        key);
        if (record.isReplay()) {
            IdempotentRequest.markReplay(call);
        }
        call.json(record.isReplay() ? Status.OK_200 : Status.CREATED_201, created(record));
    }

    /**
     * {@code POST /v1/intents/batch} (issue 26): up to {@link #MAX_BATCH} intents, each checked and executed as
     * {@code POST /v1/intents} would, then posted in ONE transaction, all or none. A refusal names its item
     * ({@code intents[i].field}) and nothing is posted. No Idempotency-Key: a batch is not replayed.
     */
    private void submitBatch(ApiCall call) {
        String requester = call.caller();
        if (!call.headerValues(IdempotencyKey.HEADER).isEmpty()) {
            throw PouwException.invalid(IdempotencyKey.HEADER, "is not taken by POST /v1/intents/batch (a batch is"
                    + " not replayed); post one intent at a time with POST /v1/intents to use it");
        }
        RequestBody body = call.body(List.of("intents"));
        JsonNode items = body.node("intents");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_BATCH) {
            throw PouwException.invalid("intents", "must be an array of 1 to " + MAX_BATCH + " intents");
        }
        // Charged before the items are executed: a batch costs what its intents posted one by one would, refused
        // or not, so it cannot multiply the work one token buys.
        call.limits().intentsPosted(items.size());
        List<Supplier<IntentDraft>> drafts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ParsedIntent intent;
            try {
                intent = parse(RequestBody.of(items.get(i), INTENT_FIELDS), requester);
            } catch (PouwException refused) {
                throw refused.inItem("intents", i);
            }
            drafts.add(intent.program() != null ? () -> intents.programDraft(intent.program()).requiring(intent.machine())
                    : () -> intents.hashChainDraft(requester, intent.seed(), intent.steps(), intent.fee())
                            .requiring(intent.machine()));
        }
        List<IntentRecord> records = intents.submitAll(drafts);
        ObjectNode out = ApiJson.object();
        ArrayNode created = out.putArray("intents");
        records.forEach(record -> created.add(created(record)));
        call.json(Status.CREATED_201, out);
    }

    /**
     * One intent as a request gives it: a program intent ({@code program} set) or a hash chain ({@code seed},
     * {@code steps}), with the fields as parsed, which an Idempotency-Key's request hash covers, and the machine its
     * jobs require ({@code min_cores}, {@code accelerators}; issue 27, item 3).
     */
    private record ParsedIntent(ObjectNode parsed, IntentRequest program, String seed, long steps, long fee,
                                MachineNeeds machine) {
        ParsedIntent requiring(RequestBody body) {
            MachineNeeds needs = new MachineNeeds(MachineFields.cores(body, "min_cores",
                    "the least cores a prover of this intent's jobs must have"),
                    MachineFields.accelerators(body, "accelerators"));
            // A full-tier job waits to be proven in a batch with other requesters' jobs, under the batch's own needs.
            if (program != null && program.tier() == Tier.FULL && !needs.equals(MachineNeeds.NONE)) {
                throw PouwException.invalid(needs.cores() > 0 ? "min_cores" : "accelerators", "is not taken with"
                        + " tier full: its jobs are proven in a batch with others'; use macro or micro");
            }
            // Stated only when given, so the request hash of an intent that states none is as it was.
            if (needs.cores() > 0) {
                parsed.put("min_cores", needs.cores());
            }
            if (needs.accelerators() != 0) {
                ArrayNode names = parsed.putArray("accelerators");
                Accelerator.namesOf(needs.accelerators()).forEach(names::add);
            }
            return new ParsedIntent(parsed, program, seed, steps, fee, needs);
        }
    }

    private static ParsedIntent parse(RequestBody body, String requester) {
        return parseKind(body, requester).requiring(body);
    }

    private static ParsedIntent parseKind(RequestBody body, String requester) {
        String kind = body.string("kind", "program");
        return switch (kind) {
            case "program" -> {
                rejectFields(body, "a program intent", "seed", "steps");
                String program = body.string("program");
                long[] inputs = body.has("inputs") ? fieldElements(body.node("inputs")) : new long[0];
                long maxSteps = body.integer("max_steps");
                Tier tier = Tier.parse("tier", body.string("tier", "macro"));
                long fee = body.integer("fee", 0);
                ObjectNode parsed = ApiJson.object().put("kind", kind).put("program", program);
                ArrayNode inputList = parsed.putArray("inputs");
                for (long input : inputs) {
                    inputList.add(Long.toUnsignedString(input));
                }
                parsed.put("max_steps", maxSteps).put("tier", tier.wire()).put("fee", fee);
                yield new ParsedIntent(parsed, new IntentRequest(requester, program, inputs, maxSteps, tier, fee),
                        null, 0, fee, MachineNeeds.NONE);
            }
            case "hash-chain" -> {
                rejectFields(body, "a hash-chain intent", "program", "inputs", "max_steps", "tier");
                String seed = body.string("seed");
                long steps = body.integer("steps");
                long fee = body.integer("fee", 0);
                ObjectNode parsed = ApiJson.object().put("kind", kind).put("seed", seed).put("steps", steps)
                        .put("fee", fee);
                yield new ParsedIntent(parsed, null, seed, steps, fee, MachineNeeds.NONE);
            }
            default -> throw PouwException.invalid("kind", "must be program or hash-chain, got '" + kind + "'");
        };
    }

    /** The answer for a posted intent: its id, status, output, steps, trace hash, jobs and ledger entry. */
    private ObjectNode created(IntentRecord record) {
        String status = storage.read(tx -> tx.jobs().intent(record.intent().intentId()))
                .map(Intent::status).orElse(record.intent().status());
        ObjectNode out = ApiJson.object();
        out.put("intent_id", record.intent().intentId().hex());
        out.put("status", status);
        out.set("output", ApiJson.embedded(record.intent().output()));
        out.put("steps", record.intent().steps());
        out.put("trace_hash", record.intent().traceHash().hex());
        ArrayNode jobIds = out.putArray("job_ids");
        record.jobs().forEach(job -> jobIds.add(job.jobId().hex()));
        out.put("ledger_seq", record.ledgerSeq());
        return out;
    }

    /**
     * An intent's details, to its requester, to whoever worked on one of its jobs, or to the admin (issue 27, item
     * 6): its inputs and output are the client's private data. Anyone else is answered as for an intent that is not
     * stored, so its existence stays private too.
     */
    private void show(ApiCall call) {
        String reader = call.caller();
        String id = call.pathParam("id");
        // A malformed id names no intent: 404, as for any id that is not stored.
        Intent intent = (IntentId.isWellFormed(id) ? storage.read(tx -> tx.jobs().intent(IntentId.of(id)))
                : Optional.<Intent>empty())
                .filter(found -> call.isAdmin(reader) || market.mayReadIntent(Did.of(reader), found))
                .orElseThrow(() -> PouwException.notFound("intent " + id));
        List<Job> jobs = storage.read(tx -> intent.jobIds().stream()
                .map(jobId -> tx.jobs().find(jobId).orElseThrow()).toList());
        call.json(withJobs(intent, jobs));
    }

    /** An intent as {@code GET /v1/intents/{id}} answers it: its fields and each job's status and proof. */
    private static ObjectNode withJobs(Intent intent, List<Job> jobs) {
        ObjectNode out = ApiJson.intent(intent);
        ArrayNode proofs = out.putArray("jobs");
        for (Job job : jobs) {
            proofs.addObject().put("job_id", job.jobId().hex()).put("kind", job.kind())
                    .put("status", job.status().wire()).put("proof_ref", job.resultRef());
        }
        return out;
    }

    /**
     * The caller's own intents, newest first, a page at a time ({@code limit} 1–100, {@code cursor} the previous
     * page's {@code next_cursor}; {@code kind} keeps the intents with a job of that kind), each as
     * {@code GET /v1/intents/{id}} answers it: how a client (the console's intents view, {@code pouw intent list})
     * finds what it posted without keeping the ids. Only the requester's own; the admin and the provers who may read
     * a single intent do not list other clients' here.
     */
    private void mine(ApiCall call) {
        String requester = call.caller();
        int limit = (int) call.queryLong("limit", 20, 1, MAX_INTENTS_PAGE);
        JobStore.IntentPlace after = place(call.query("cursor", null));
        String kind = call.query("kind", null);
        if (kind != null && market.kinds().find(kind).isEmpty()) {
            throw PouwException.invalid("kind", "must be a job kind this node runs, one of " + market.kinds().names()
                    + ", got '" + kind + "'");
        }
        // The rows are built inside the read, from one snapshot, and handed out whole (a read may be run again).
        List<ObjectNode> rows = storage.read(tx -> tx.jobs().intentsOf(requester, kind, after, limit).stream()
                .map(intent -> withJobs(intent, intent.jobIds().stream()
                        .map(jobId -> tx.jobs().find(jobId).orElseThrow()).toList()))
                .toList());
        ObjectNode out = ApiJson.object();
        out.putArray("intents").addAll(rows);
        if (rows.size() == limit) {
            ObjectNode last = rows.getLast();
            out.put("next_cursor", last.get("created_at_ms").asLong() + "." + last.get("intent_id").asString());
        } else {
            out.putNull("next_cursor");
        }
        call.json(out);
    }

    /** A {@code next_cursor} read back: "created_at_ms.intent_id"; null for the first page. */
    private static JobStore.IntentPlace place(String cursor) {
        if (cursor == null) {
            return null;
        }
        int dot = cursor.indexOf('.');
        if (dot > 0 && IntentId.isWellFormed(cursor.substring(dot + 1))) {
            try {
                return new JobStore.IntentPlace(Long.parseLong(cursor.substring(0, dot)),
                        IntentId.of(cursor.substring(dot + 1)));
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw PouwException.invalid("cursor", "must be the next_cursor of the previous page, got '" + cursor + "'");
    }

    private static void rejectFields(RequestBody body, String what, String... fields) {
        for (String field : fields) {
            if (body.has(field)) {
                throw PouwException.invalid(field, "is not used by " + what);
            }
        }
    }

    /** Inputs are field elements, as JSON numbers or decimal strings (for values past 2^53). */
    private static long[] fieldElements(JsonNode node) {
        if (!node.isArray() || node.size() > 8) {
            throw PouwException.invalid("inputs", "must be an array of at most 8 field elements");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode item = node.get(i);
            try {
                long value;
                if (item.isIntegralNumber() && item.canConvertToLong() && item.longValue() >= 0) {
                    value = item.longValue();
                } else if (item.isString()) {
                    value = Long.parseUnsignedLong(item.stringValue());
                } else {
                    throw new NumberFormatException();
                }
                if (!Goldilocks.isCanonical(value)) {
                    throw new NumberFormatException();
                }
                values[i] = value;
            } catch (NumberFormatException e) {
                throw PouwException.invalid("inputs", "item " + i + " must be a field element: an integer in"
                        + " [0, 2^64 - 2^32 + 1), as a number or a decimal string");
            }
        }
        return values;
    }
}
