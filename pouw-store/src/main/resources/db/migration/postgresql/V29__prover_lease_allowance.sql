-- Issue 27, item 4: the concurrent leases a prover's verified work has earned, and when that allowance last grew
-- (docs/economics.md, "Levels"): it at most doubles per window, only when a verified result settles, and a quarantine
-- or a failed audit resets it. 0 = never grown. Read by claims under the row's lock, when levels govern leases.
ALTER TABLE prover_reputation ADD COLUMN lease_allowance BIGINT NOT NULL DEFAULT 0;
ALTER TABLE prover_reputation ADD COLUMN allowance_at_ms BIGINT NOT NULL DEFAULT 0;
