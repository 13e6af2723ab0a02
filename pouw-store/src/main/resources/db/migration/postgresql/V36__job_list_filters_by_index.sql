-- Issue 29: every filter of the jobs list (GET /v1/pouw/jobs: status, tier, kind, prover, newest or oldest first,
-- paged by created_seq) and the intents list's kind (GET /v1/intents?kind=) answers a page from an index. Before this,
-- a filter that matched few jobs walked created_seq's index through every job to fill a page (docs/console.md).
--
-- What an index on jobs costs here: a claim and a settlement change the job's status, which the partial indexes of
-- V16-V26 name, so those updates are never HOT and write an entry into every index of jobs whose predicate the new
-- row meets (V30's note). A whole index is therefore paid three times in a job's life (insert, claim, settlement),
-- a partial one only while its predicate holds. docs/console.md gives the measured insert and claim rates.
--
-- Tier and kind: a few values most jobs share, so whole indexes.
CREATE INDEX jobs_by_tier_seq ON jobs (tier, created_seq);
CREATE INDEX jobs_by_kind_seq ON jobs (kind, created_seq);
-- Status: V16 dropped (status, created_seq) so that a claim and a settlement would write no entry only a listing
-- needs, and listing by status walked created_seq's index with a filter. With 100,000 jobs a page of a status few
-- jobs have then reads every job; issue 29 asks for pages that stay fast, so the index is back, as SQLite has it
-- (V1), at one entry per status change (docs/console.md measures the claim rate with and without).
CREATE INDEX jobs_by_status_seq ON jobs (status, created_seq);

-- Prover: "the jobs this prover claimed" lives in attempts, not jobs. An attempt now carries its job's created_seq,
-- so a prover's attempts are read in the list's order and the page stops at its limit (a job it claimed twice is
-- listed once: the store keeps the prover's newest attempt of a job). Written at the attempt's insert; a job's
-- created_seq never changes, and the attempt's one update (its end) names none of these columns, so stays HOT.
ALTER TABLE attempts ADD COLUMN job_seq BIGINT NOT NULL DEFAULT 0;
UPDATE attempts AS a SET job_seq = j.created_seq FROM jobs AS j WHERE j.job_id = a.job_id;
CREATE INDEX attempts_by_prover_seq ON attempts (prover_id, job_seq, attempt_id);

-- Intents by kind: an intent "has" a kind when one of its jobs has (or had: a batch member rebound to its fallback
-- kind keeps both). One row per intent and kind, in the requester's list order, written with the job; a page of a
-- requester's intents of one kind is a range of this key. Jobs moved to history keep their intents listed.
CREATE TABLE intent_kinds (
    requester     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    intent_id     TEXT NOT NULL,
    PRIMARY KEY (requester, kind, created_at_ms, intent_id)
);
INSERT INTO intent_kinds (requester, kind, created_at_ms, intent_id)
SELECT DISTINCT i.requester, j.kind, i.created_at_ms, i.intent_id
FROM intents AS i
JOIN (SELECT intent_id, kind FROM jobs UNION SELECT intent_id, kind FROM jobs_history) AS j
  ON j.intent_id = i.intent_id;
