-- A requester's own sweeps, newest first (GET /v1/ml/sweeps): how a client whose POST /v1/ml/sweeps got no answer
-- finds the sweep it posted (a sweep has no idempotency key; its tasks and row are one transaction, so it is there
-- whole or not at all).
CREATE INDEX ml_sweeps_requester ON ml_sweeps (requester, created_at_ms, sweep_id);
