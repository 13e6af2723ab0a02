-- Issue 27, item 3: cores and accelerators. A job states the least number of cores its prover must have (need_cores,
-- 0: one does) and the accelerators it must have (need_accelerators, a mask over the closed list of
-- org.pouw.core.job.Accelerator, 0: none), both from its intent, written when it is posted. A claim is offered a job
-- only if need_cores <= the worker's declared cores (1 when undeclared) and no bit of need_accelerators is missing
-- from the worker's declared set (none when undeclared).
ALTER TABLE jobs ADD COLUMN need_cores INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN need_accelerators BIGINT NOT NULL DEFAULT 0;

-- The claim group function takes each order's cores (1 when undeclared) and accelerator set and applies them as the
-- single claim does. V37's function with three changes only: the two parameters, the order-uniformity test (orders
-- declaring different machines take the per-order path; undeclared workers all send 1 and 0, so they stay alike)
-- and the filter in both scans. The 14-parameter version is dropped so no caller can skip the filter by using it.
DROP FUNCTION claim_jobs_for_group(TEXT[], BIGINT[], TEXT[], INTEGER[], TEXT[], INTEGER[], TEXT[], INTEGER[], TEXT[],
                                   BIGINT, BIGINT[], BIGINT[], BIGINT[], BIGINT[]);
CREATE OR REPLACE FUNCTION claim_jobs_for_group(holders TEXT[], lease_expiries BIGINT[], excluded_failers TEXT[],
                                                max_jobs INTEGER[], tokens TEXT[], kind_counts INTEGER[],
                                                kinds TEXT[], tier_counts INTEGER[], tiers TEXT[], now_ms BIGINT,
                                                min_rewards BIGINT[], memories BIGINT[], largest_jobs BIGINT[],
                                                paces BIGINT[], cores BIGINT[], accelerators BIGINT[])
    RETURNS TABLE (claimed jobs, order_no INTEGER) LANGUAGE plpgsql VOLATILE
    SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off AS $$
DECLARE
    orders INTEGER := coalesce(cardinality(holders), 0);
    uniform BOOLEAN := true;
    wanted INTEGER := 0;
    next_token INTEGER := 1;
    next_kind INTEGER := 1;
    next_tier INTEGER := 1;
    order_kinds TEXT[];
    first_kinds TEXT[];
    first_tiers TEXT[];
    order_tiers TEXT[];
    order_tokens TEXT[];
    candidates TEXT[];
    barred TEXT[]; -- 'prover' || chr(1) || 'job' for each pair the prover may not take
    taken BOOLEAN[];
    short INTEGER[] := '{}'; -- how many jobs each order still lacks after the fast path
    given INTEGER;
    pick_jobs TEXT[] := '{}';
    pick_tokens TEXT[] := '{}';
    pick_holders TEXT[] := '{}';
    pick_expiries BIGINT[] := '{}';
    pick_orders INTEGER[] := '{}';
BEGIN
    IF orders = 0 THEN
        RETURN;
    END IF;
    first_kinds := CASE WHEN kind_counts[1] = 0 THEN NULL ELSE kinds[1 : kind_counts[1]] END;
    first_tiers := CASE WHEN tier_counts[1] = 0 THEN NULL ELSE tiers[1 : tier_counts[1]] END;
    FOR i IN 1 .. orders LOOP
        wanted := wanted + max_jobs[i];
        order_kinds := CASE WHEN kind_counts[i] = 0 THEN NULL
                            ELSE kinds[next_kind : next_kind + kind_counts[i] - 1] END;
        order_tiers := CASE WHEN tier_counts[i] = 0 THEN NULL
                            ELSE tiers[next_tier : next_tier + tier_counts[i] - 1] END;
        next_kind := next_kind + kind_counts[i];
        next_tier := next_tier + tier_counts[i];
        IF order_kinds IS DISTINCT FROM first_kinds OR order_tiers IS DISTINCT FROM first_tiers
                OR min_rewards[i] IS DISTINCT FROM min_rewards[1] OR memories[i] IS DISTINCT FROM memories[1]
                OR largest_jobs[i] IS DISTINCT FROM largest_jobs[1] OR paces[i] IS DISTINCT FROM paces[1]
                OR cores[i] IS DISTINCT FROM cores[1] OR accelerators[i] IS DISTINCT FROM accelerators[1] THEN
            uniform := false;
        END IF;
    END LOOP;
    next_kind := 1;
    next_tier := 1;

    IF uniform AND wanted > 0 THEN
        SELECT coalesce(array_agg(locked.job_id ORDER BY locked.reward_budget DESC, locked.deadline_ms,
                                  locked.created_seq), '{}') INTO candidates
        FROM (SELECT c.job_id, c.reward_budget, c.deadline_ms, c.created_seq FROM jobs AS c
              WHERE c.status = 'pending' AND c.deadline_ms > now_ms
                AND (first_kinds IS NULL OR c.kind = ANY (first_kinds))
                AND (first_tiers IS NULL OR c.tier = ANY (first_tiers))
                AND c.kind <> 'batch-member'
                AND c.reward_budget >= min_rewards[1]
                AND (memories[1] = 0 OR c.need_memory_mb <= memories[1])
                AND (largest_jobs[1] = 0 OR c.work_units <= largest_jobs[1])
                AND (paces[1] = 0 OR c.need_ms * 1000 <= paces[1] * (c.deadline_ms - now_ms))
                AND c.need_cores <= cores[1] AND (c.need_accelerators & ~accelerators[1]) = 0
              ORDER BY c.reward_budget DESC, c.deadline_ms, c.created_seq LIMIT wanted
              FOR UPDATE SKIP LOCKED) AS locked;
        SELECT coalesce(array_agg(failed.prover_id || chr(1) || failed.job_id), '{}') INTO barred
        FROM (SELECT f.prover_id, f.job_id
              FROM unnest(candidates) AS c(job_id)
              -- each locked job's attempts, found by job (OFFSET 0 keeps the claimers' filter out of the probe, so
              -- the planner cannot read every attempt of every claimer through attempts_by_prover_job instead)
              CROSS JOIN LATERAL (SELECT a.prover_id, a.job_id, a.outcome FROM attempts AS a
                                  WHERE a.job_id = c.job_id OFFSET 0) AS f
              WHERE f.prover_id = ANY (excluded_failers) AND f.prover_id <> ''
                AND f.outcome IN ('proof_invalid', 'worker_failed', 'lease_expired')
              GROUP BY f.prover_id, f.job_id HAVING count(*) >= 2) AS failed;
        taken := array_fill(false, ARRAY[cardinality(candidates) + 1]);
        FOR i IN 1 .. orders LOOP
            given := 0;
            FOR k IN 1 .. cardinality(candidates) LOOP
                EXIT WHEN given >= max_jobs[i];
                CONTINUE WHEN taken[k];
                CONTINUE WHEN cardinality(barred) > 0
                              AND (excluded_failers[i] || chr(1) || candidates[k]) = ANY (barred);
                taken[k] := true;
                given := given + 1;
                pick_jobs := pick_jobs || candidates[k];
                pick_tokens := pick_tokens || tokens[next_token + given - 1];
                pick_holders := pick_holders || holders[i];
                pick_expiries := pick_expiries || lease_expiries[i];
                pick_orders := pick_orders || i;
            END LOOP;
            short := short || (max_jobs[i] - given);
            next_token := next_token + max_jobs[i];
        END LOOP;
        RETURN QUERY
            UPDATE jobs AS j SET status = 'in_progress', lease_holder = p.holder, lease_token = p.token,
                                 lease_expires_at_ms = p.expiry, attempts = j.attempts + 1
            FROM unnest(pick_jobs, pick_tokens, pick_holders, pick_expiries, pick_orders)
                     AS p(job_id, token, holder, expiry, order_no)
            WHERE j.job_id = p.job_id
            RETURNING j, p.order_no;
        -- Fewer jobs locked than wanted: the queue (or what no other claimer holds) is dry, so the orders left short
        -- would find nothing more; only an order that may not take some locked job looks further.
        IF cardinality(candidates) < wanted AND cardinality(barred) = 0 THEN
            RETURN;
        END IF;
    ELSE
        short := max_jobs;
    END IF;

    next_token := 1;
    FOR i IN 1 .. orders LOOP
        order_kinds := CASE WHEN kind_counts[i] = 0 THEN NULL
                            ELSE kinds[next_kind : next_kind + kind_counts[i] - 1] END;
        order_tiers := CASE WHEN tier_counts[i] = 0 THEN NULL
                            ELSE tiers[next_tier : next_tier + tier_counts[i] - 1] END;
        -- the tokens the fast path did not use: an order's first (max_jobs - short) went to its jobs there
        order_tokens := tokens[next_token + max_jobs[i] - short[i] : next_token + max_jobs[i] - 1];
        next_kind := next_kind + kind_counts[i];
        next_tier := next_tier + tier_counts[i];
        next_token := next_token + max_jobs[i];
        CONTINUE WHEN short[i] <= 0;
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
                                AND (paces[i] = 0 OR c.need_ms * 1000 <= paces[i] * (c.deadline_ms - now_ms)) -- V37
                                AND c.need_cores <= cores[i] AND (c.need_accelerators & ~accelerators[i]) = 0 -- V38
                                AND (SELECT count(*) FROM attempts AS failed
                                     WHERE failed.prover_id = excluded_failers[i] AND failed.job_id = c.job_id
                                       AND failed.outcome IN ('proof_invalid', 'worker_failed', 'lease_expired')) < 2
                              ORDER BY c.reward_budget DESC, c.deadline_ms, c.created_seq LIMIT short[i]
                              FOR UPDATE SKIP LOCKED) AS locked) AS oldest
                  JOIN unnest(order_tokens) WITH ORDINALITY AS fresh(token, place)
                    ON fresh.place = oldest.place) AS picked
            WHERE j.job_id = picked.job_id
            RETURNING j, i;
    END LOOP;
END
$$;
