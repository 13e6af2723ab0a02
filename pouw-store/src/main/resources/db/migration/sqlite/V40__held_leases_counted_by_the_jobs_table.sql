-- Issue 27's performance: a prover's held leases kept as a count, read by key, instead of counted from its
-- in-progress jobs at every claim with levels on (the count grew with the leases held). See the PostgreSQL V40 for
-- the threat model: the count is kept by triggers on jobs, so every change of a row's status or holder, by any path
-- present or future, changes it in the same transaction; the CHECK turns a count going negative into an error.
CREATE TABLE prover_held_leases (
    prover_id TEXT PRIMARY KEY,
    held      INTEGER NOT NULL CHECK (held >= 0)
) WITHOUT ROWID;

INSERT INTO prover_held_leases (prover_id, held)
SELECT lease_holder, count(*) FROM jobs WHERE status = 'in_progress' GROUP BY lease_holder;

CREATE TRIGGER jobs_held_leases_inserted AFTER INSERT ON jobs FOR EACH ROW WHEN NEW.status = 'in_progress'
BEGIN
    INSERT INTO prover_held_leases (prover_id, held) VALUES (NEW.lease_holder, 1)
    ON CONFLICT (prover_id) DO UPDATE SET held = held + 1;
END;

CREATE TRIGGER jobs_held_leases_updated AFTER UPDATE OF status, lease_holder ON jobs FOR EACH ROW
    WHEN (OLD.status = 'in_progress' OR NEW.status = 'in_progress')
         AND (OLD.status IS NOT NEW.status OR OLD.lease_holder IS NOT NEW.lease_holder)
BEGIN
    UPDATE prover_held_leases SET held = held - 1
    WHERE OLD.status = 'in_progress' AND prover_id = OLD.lease_holder;
    INSERT INTO prover_held_leases (prover_id, held) SELECT NEW.lease_holder, 1 WHERE NEW.status = 'in_progress'
    ON CONFLICT (prover_id) DO UPDATE SET held = held + 1;
END;

CREATE TRIGGER jobs_held_leases_deleted AFTER DELETE ON jobs FOR EACH ROW WHEN OLD.status = 'in_progress'
BEGIN
    UPDATE prover_held_leases SET held = held - 1 WHERE prover_id = OLD.lease_holder;
END;
