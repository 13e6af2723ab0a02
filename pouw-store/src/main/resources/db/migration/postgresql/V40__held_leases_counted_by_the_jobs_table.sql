-- Issue 27's performance: with levels on, a claim group counted its claimers' held leases twice (at admission and
-- under the reputation locks), reading every in-progress job of theirs; with claimers that hold hundreds of leases
-- the count grew with them (28 -> 68 ms p50 in a minute of MarketLoad). prover_held_leases keeps the count, and
-- claimer_facts and the standing store read it by primary key.
--
-- Threat model: a count that drifts below the truth gives a prover more leases than its level allows; above it, it
-- locks an honest prover out. So the count is kept by triggers on jobs, not by the Java paths that change leases:
-- every change of a row's status or holder (claim, reclaim, submit, release, failure, expiry, cancellation, a move to
-- the history table, an operator's statement, and any path added later) passes through them in the transaction that
-- makes it, and rolls back with it. The CHECK makes a count that would go negative an error, not a silent grant.
-- Locks: a claim now also locks its claimers' count rows while it holds their jobs; a lock cycle with another
-- transaction is a deadlock PostgreSQL aborts and TransientRetry runs again.
CREATE TABLE prover_held_leases (
    prover_id TEXT PRIMARY KEY,
    held      BIGINT NOT NULL CHECK (held >= 0)
);

INSERT INTO prover_held_leases (prover_id, held)
SELECT lease_holder, count(*) FROM jobs WHERE status = 'in_progress' GROUP BY lease_holder;

CREATE FUNCTION count_held_leases() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'in_progress' THEN
        UPDATE prover_held_leases SET held = held - 1 WHERE prover_id = OLD.lease_holder;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'in_progress' THEN
        INSERT INTO prover_held_leases (prover_id, held) VALUES (NEW.lease_holder, 1)
        ON CONFLICT (prover_id) DO UPDATE SET held = prover_held_leases.held + 1;
    END IF;
    RETURN NULL;
END
$$;

-- The WHEN clauses keep the function out of every other write to jobs (a lease renewed, progress noted).
CREATE TRIGGER jobs_held_leases_inserted AFTER INSERT ON jobs FOR EACH ROW
    WHEN (NEW.status = 'in_progress') EXECUTE FUNCTION count_held_leases();
CREATE TRIGGER jobs_held_leases_updated AFTER UPDATE OF status, lease_holder ON jobs FOR EACH ROW
    WHEN ((OLD.status = 'in_progress' OR NEW.status = 'in_progress')
          AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.lease_holder IS DISTINCT FROM NEW.lease_holder))
    EXECUTE FUNCTION count_held_leases();
CREATE TRIGGER jobs_held_leases_deleted AFTER DELETE ON jobs FOR EACH ROW
    WHEN (OLD.status = 'in_progress') EXECUTE FUNCTION count_held_leases();

-- claimer_facts (V39) replaced whole; the only change is its 'h' rows, read from prover_held_leases by key instead
-- of counted from jobs.
CREATE OR REPLACE FUNCTION claimer_facts(claimers TEXT[], networks TEXT[], now_ms BIGINT, lock_rows BOOLEAN)
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
        SELECT 'h'::TEXT, h.prover_id, h.held, 0::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT, ''::TEXT
        FROM prover_held_leases AS h WHERE h.prover_id = ANY (claimers) AND h.held > 0
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
