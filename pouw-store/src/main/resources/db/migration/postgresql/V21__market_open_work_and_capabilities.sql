-- Issue 27, item 1: pending work per identity is capped (market.max_open_steps_per_requester). An intent is posted
-- only if its requester's open work (the steps of its intents still being proven) stays under the cap; this partial
-- index holds just the open intents by requester, so the sum reads the requester's few rows, not the table.
CREATE INDEX intents_open_by_requester ON intents (requester) WHERE status = 'proving';

-- Issue 27, item 3: matching by capability. A job carries its size in work units (what its fee is split by) and the
-- memory its prover needs in MiB (0: not stated), written when it is posted; a claim that declares the worker's
-- memory or largest job is offered only the jobs that fit. Existing jobs count as one unit needing nothing stated.
ALTER TABLE jobs ADD COLUMN work_units BIGINT NOT NULL DEFAULT 1;
ALTER TABLE jobs ADD COLUMN need_memory_mb BIGINT NOT NULL DEFAULT 0;

-- The group claim of V19 with the same two filters, per order (0: undeclared, no filter), so a coalesced claim
-- honours a worker's declarations exactly as a single claim does.
DROP FUNCTION claim_jobs_for_group(TEXT[], BIGINT[], TEXT[], INTEGER[], TEXT[], INTEGER[], TEXT[], INTEGER[], TEXT[],
                                   BIGINT, BIGINT[]);
CREATE FUNCTION claim_jobs_for_group(holders TEXT[], lease_expiries BIGINT[], excluded_failers TEXT[],
                                     max_jobs INTEGER[], tokens TEXT[], kind_counts INTEGER[], kinds TEXT[],
                                     tier_counts INTEGER[], tiers TEXT[], now_ms BIGINT, min_rewards BIGINT[],
                                     memories BIGINT[], largest_jobs BIGINT[])
    RETURNS TABLE (claimed jobs, order_no INTEGER) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    next_token INTEGER := 1;
    next_kind INTEGER := 1;
    next_tier INTEGER := 1;
    order_kinds TEXT[];
    order_tiers TEXT[];
    order_tokens TEXT[];
BEGIN
    FOR i IN 1 .. coalesce(cardinality(holders), 0) LOOP
        order_kinds := CASE WHEN kind_counts[i] = 0 THEN NULL
                            ELSE kinds[next_kind : next_kind + kind_counts[i] - 1] END;
        order_tiers := CASE WHEN tier_counts[i] = 0 THEN NULL
                            ELSE tiers[next_tier : next_tier + tier_counts[i] - 1] END;
        order_tokens := tokens[next_token : next_token + max_jobs[i] - 1];
        next_kind := next_kind + kind_counts[i];
        next_tier := next_tier + tier_counts[i];
        next_token := next_token + max_jobs[i];
        RETURN QUERY
            UPDATE jobs AS j SET status = 'in_progress', lease_holder = holders[i], lease_token = picked.token,
                                 lease_expires_at_ms = lease_expiries[i], attempts = j.attempts + 1
            FROM (SELECT oldest.job_id, fresh.token
                  FROM (SELECT locked.job_id, row_number() OVER (ORDER BY locked.created_seq) AS place
                        FROM (SELECT c.job_id, c.created_seq FROM jobs AS c
                              WHERE c.status = 'pending' AND c.deadline_ms > now_ms
                                AND (order_kinds IS NULL OR c.kind = ANY (order_kinds))
                                AND (order_tiers IS NULL OR c.tier = ANY (order_tiers))
                                AND c.kind <> 'batch-member' -- held for a batch (V17), never claimed alone
                                AND c.reward_budget >= min_rewards[i] -- the worker's ask (V18)
                                AND (memories[i] = 0 OR c.need_memory_mb <= memories[i]) -- declared (V20)
                                AND (largest_jobs[i] = 0 OR c.work_units <= largest_jobs[i])
                                AND (SELECT count(*) FROM attempts AS failed
                                     WHERE failed.prover_id = excluded_failers[i] AND failed.job_id = c.job_id
                                       AND failed.outcome IN ('proof_invalid', 'worker_failed', 'lease_expired')) < 2
                              ORDER BY c.reward_budget DESC, c.deadline_ms, c.created_seq LIMIT max_jobs[i]
                              FOR UPDATE SKIP LOCKED) AS locked) AS oldest
                  JOIN unnest(order_tokens) WITH ORDINALITY AS fresh(token, place)
                    ON fresh.place = oldest.place) AS picked
            WHERE j.job_id = picked.job_id
            RETURNING j, i;
    END LOOP;
END
$$;
