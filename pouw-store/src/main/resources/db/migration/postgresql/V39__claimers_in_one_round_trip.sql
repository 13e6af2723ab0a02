-- Issue 27's performance (claim p99 at 1,000 claims/s with levels on at most 20 % over off): with levels on a claim
-- group read its claimers' standing, held leases and reputations in three statements at admission, and after the
-- claim locked their reputation rows and read standing and leases again in four more. claimer_facts answers each of
-- the two in one round trip.
--
-- lock_rows: first make the missing reputation rows and lock them all in prover-id order (the order every writer
-- takes them in); the facts are read by a later statement of this function, so under READ COMMITTED with a snapshot
-- taken after the locks are held: a claim by one of these provers that committed meanwhile, on any node, is counted.
-- The answer is one row a fact: 'r' a reputation row, 'h' a prover's held leases, 'q' a quarantine, 'p' a prover's
-- row (the columns as the Java side reads them).
CREATE FUNCTION claimer_facts(claimers TEXT[], networks TEXT[], now_ms BIGINT, lock_rows BOOLEAN)
    RETURNS TABLE (fact TEXT, fact_subject TEXT, n1 BIGINT, n2 BIGINT, n3 BIGINT, n4 BIGINT, n5 BIGINT,
                   words TEXT)
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF lock_rows THEN
        INSERT INTO prover_reputation (prover_id, good_milli, bad_milli, at_ms)
        SELECT c.id, 0, 0, now_ms FROM unnest(claimers) AS c(id) ORDER BY c.id
        ON CONFLICT (prover_id) DO NOTHING;
        PERFORM 1 FROM prover_reputation AS r WHERE r.prover_id = ANY (claimers) ORDER BY r.prover_id FOR UPDATE;
    END IF;
    RETURN QUERY
        SELECT 'r'::TEXT, r.prover_id, r.good_milli, r.bad_milli, r.at_ms, r.lease_allowance, r.allowance_at_ms,
               ''::TEXT
        FROM prover_reputation AS r WHERE r.prover_id = ANY (claimers)
        UNION ALL
        SELECT 'h'::TEXT, j.lease_holder, count(*), 0::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT, ''::TEXT
        FROM jobs AS j WHERE j.status = 'in_progress' AND j.lease_holder = ANY (claimers) GROUP BY j.lease_holder
        UNION ALL
        SELECT 'q'::TEXT, q.subject, q.since_ms, q.until_ms, 0::BIGINT, 0::BIGINT, 0::BIGINT, q.reason
        FROM quarantines AS q
        WHERE q.subject = ANY (claimers)
           OR q.subject = ANY (ARRAY(SELECT 'net:' || n FROM unnest(networks) AS n))
           OR q.subject IN (SELECT 'net:' || p.network FROM provers AS p
                            WHERE p.prover_id = ANY (claimers) AND p.network <> '')
        UNION ALL
        SELECT 'p'::TEXT, p.prover_id, p.jobs_completed, p.pace_permille, p.pace_at_ms, 0::BIGINT, 0::BIGINT,
               p.network
        FROM provers AS p WHERE p.prover_id = ANY (claimers);
END
$$;
