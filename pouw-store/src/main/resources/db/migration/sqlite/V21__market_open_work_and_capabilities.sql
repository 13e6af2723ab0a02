-- Issue 27, item 1: pending work per identity is capped (market.max_open_steps_per_requester). An intent is posted
-- only if its requester's open work (the steps of its intents still being proven) stays under the cap; this partial
-- index holds just the open intents by requester, so the sum reads the requester's few rows, not the table.
CREATE INDEX intents_open_by_requester ON intents (requester) WHERE status = 'proving';

-- Issue 27, item 3: matching by capability. A job carries its size in work units (what its fee is split by) and the
-- memory its prover needs in MiB (0: not stated), written when it is posted; a claim that declares the worker's
-- memory or largest job is offered only the jobs that fit. Existing jobs count as one unit needing nothing stated.
ALTER TABLE jobs ADD COLUMN work_units INTEGER NOT NULL DEFAULT 1;
ALTER TABLE jobs ADD COLUMN need_memory_mb INTEGER NOT NULL DEFAULT 0;
