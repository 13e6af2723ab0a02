-- Issue 28 §3: what changes about a hyperparameter sweep after it is posted (docs/ml.md, "Sweeps"). The sweep itself
-- is an immutable manifest blob its id names (which task is which configuration and fold); this row follows it: the
-- count of verified tasks announced on the event stream, whether the node still follows it (open = 1 until every
-- task has ended), and the final retrain the requester asked for (final_intent_id '' until posted; final_note says
-- what became of it). Each change is a compare-and-set, so nodes sharing the database announce each step once.
CREATE TABLE ml_sweeps (
    sweep_id        TEXT    NOT NULL PRIMARY KEY,
    requester       TEXT    NOT NULL,
    jobs_total      INTEGER NOT NULL,
    jobs_announced  INTEGER NOT NULL DEFAULT 0,
    open            INTEGER NOT NULL DEFAULT 1,
    final_wanted    INTEGER NOT NULL DEFAULT 0,
    final_intent_id TEXT    NOT NULL DEFAULT '',
    final_note      TEXT    NOT NULL DEFAULT '',
    created_at_ms   BIGINT  NOT NULL,
    finished_at_ms  BIGINT
);
CREATE INDEX ml_sweeps_open ON ml_sweeps (open, created_at_ms);
