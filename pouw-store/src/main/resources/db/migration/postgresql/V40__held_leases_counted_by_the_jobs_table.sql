-- Issue 27's performance: with levels on, a claim group counted its claimers' held leases twice (at admission and
-- under the reputation locks), reading every in-progress job of theirs; with claimers that hold hundreds of leases
-- the count grew with them (28 -> 68 ms p50 in a minute of MarketLoad). The view prover_held_leases keeps the count,
-- and claimer_facts and the standing store read it by key.
--
-- Threat model: a count that drifts below the truth gives a prover more leases than its level allows; above it, it
-- locks an honest prover out. So the count is kept by triggers on jobs, not by the Java paths that change leases:
-- every change of a row's status or holder (claim, reclaim, submit, release, failure, expiry, cancellation, a move to
-- the history table, an operator's statement, and any path added later) passes through them in the transaction that
-- makes it, and rolls back with it.
--
-- Locks: the triggers only append (+1/-1 rows to held_lease_changes), never update a shared row. A counter row
-- updated in place would be locked by each claim until its commit: concurrent claim groups of the same provers (the
-- claim path skips locked prover rows for exactly this reason) would wait on one another, and deadlock when their
-- jobs come in different orders. prover_held_leases, the view every reader uses, is the folded count plus the
-- changes not yet folded; fold_held_leases (the reaper's upkeep) moves committed changes into the folded count in
-- one transaction, so a reader's statement sees either both halves before the fold or both after: the same sum.
CREATE TABLE held_leases_folded (
    prover_id TEXT PRIMARY KEY,
    held      BIGINT NOT NULL CHECK (held >= 0)
);
CREATE TABLE held_lease_changes (
    prover_id TEXT NOT NULL,
    delta     SMALLINT NOT NULL CHECK (delta IN (-1, 1))
);
CREATE INDEX held_lease_changes_by_prover ON held_lease_changes (prover_id);

INSERT INTO held_leases_folded (prover_id, held)
SELECT lease_holder, count(*) FROM jobs WHERE status = 'in_progress' GROUP BY lease_holder;

-- A filter on prover_id reaches both halves' indexes (a condition on a grouped column is pushed below the GROUP BY).
CREATE VIEW prover_held_leases AS
SELECT c.prover_id, sum(c.held)::BIGINT AS held
FROM (SELECT f.prover_id, f.held FROM held_leases_folded AS f
      UNION ALL
      SELECT h.prover_id, h.delta::BIGINT FROM held_lease_changes AS h) AS c
GROUP BY c.prover_id;

CREATE FUNCTION count_held_leases() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'in_progress' THEN
        INSERT INTO held_lease_changes (prover_id, delta) VALUES (OLD.lease_holder, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'in_progress' THEN
        INSERT INTO held_lease_changes (prover_id, delta) VALUES (NEW.lease_holder, 1);
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

-- Moves every committed change into the folded count; how many changes it moved. Folds take turns (a transaction
-- lock), and each reads after its turn came, so it sees every earlier fold's result. Only committed changes are
-- visible to it, whole transactions of them, so each folded count is a true count of some moment and never below
-- zero (an INSERT's CHECK is tested on the proposed row, so existing rows are updated and only new ones inserted).
CREATE FUNCTION fold_held_leases() RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    folded BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fold_held_leases'));
    WITH moved AS (DELETE FROM held_lease_changes RETURNING prover_id, delta),
    summed AS (SELECT prover_id, sum(delta) AS delta, count(*) AS changes FROM moved GROUP BY prover_id),
    updated AS (
        UPDATE held_leases_folded AS f SET held = f.held + s.delta FROM summed AS s
        WHERE f.prover_id = s.prover_id AND s.delta <> 0
        RETURNING f.prover_id),
    inserted AS (
        INSERT INTO held_leases_folded (prover_id, held)
        SELECT s.prover_id, s.delta FROM summed AS s
        WHERE s.delta <> 0 AND NOT EXISTS (SELECT 1 FROM held_leases_folded AS f WHERE f.prover_id = s.prover_id)
        ORDER BY s.prover_id)
    SELECT coalesce(sum(changes), 0) INTO folded FROM summed;
    RETURN folded;
END
$$;

-- claimer_facts (V39) replaced whole; the only change is its 'h' rows, read from the view prover_held_leases by key
-- instead of counted from jobs.
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
