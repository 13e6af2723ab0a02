-- Issue 29: every filter of the jobs list (GET /v1/pouw/jobs: status, tier, kind, prover, newest or oldest first,
-- paged by created_seq) and the intents list's kind (GET /v1/intents?kind=) answers a page from an index. Before this,
-- a tier, kind or prover that matched few jobs walked created_seq's index through every job to fill a page: with
-- 100,000 jobs a tier none had took 2.5 s, a kind 0.5 s, a prover 0.55-0.92 s (docs/console.md).
--
-- Tier and kind: each a few values that most jobs share, so whole indexes (a partial one would leave out the very
-- jobs a page filters for). Status already has jobs_by_status_seq (V1). On SQLite an update that leaves tier, kind
-- and created_seq alone does not touch these indexes, so they are paid at a job's insert and its move to history.
CREATE INDEX jobs_by_tier_seq ON jobs (tier, created_seq);
CREATE INDEX jobs_by_kind_seq ON jobs (kind, created_seq);

-- Prover: "the jobs this prover claimed" lives in attempts, not jobs. An attempt now carries its job's created_seq,
-- so a prover's attempts are read in the list's order and the page stops at its limit (a job it claimed twice is
-- listed once: the store keeps the prover's newest attempt of a job). Written at the attempt's insert; a job's
-- created_seq never changes. The index replaces no other: attempts_by_prover_job (V9) serves the claims.
ALTER TABLE attempts ADD COLUMN job_seq INTEGER NOT NULL DEFAULT 0;
UPDATE attempts SET job_seq = coalesce((SELECT j.created_seq FROM jobs AS j WHERE j.job_id = attempts.job_id), 0);
CREATE INDEX attempts_by_prover_seq ON attempts (prover_id, job_seq, attempt_id);

-- Intents by kind: an intent "has" a kind when one of its jobs has (or had: a batch member rebound to its fallback
-- kind keeps both). One row per intent and kind, in the requester's list order, written with the job; a page of a
-- requester's intents of one kind is a range of this key. Jobs moved to history keep their intents listed.
CREATE TABLE intent_kinds (
    requester     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    intent_id     TEXT NOT NULL,
    PRIMARY KEY (requester, kind, created_at_ms, intent_id)
) WITHOUT ROWID;
INSERT INTO intent_kinds (requester, kind, created_at_ms, intent_id)
SELECT DISTINCT i.requester, j.kind, i.created_at_ms, i.intent_id
FROM intents AS i
JOIN (SELECT intent_id, kind FROM jobs UNION SELECT intent_id, kind FROM jobs_history) AS j
  ON j.intent_id = i.intent_id;
