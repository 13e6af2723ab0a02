-- Issue 18, defect 10: Idempotency-Key on intents and ML tasks. A key is bound to the intent created with it, in the
-- same transaction, with a hash of the parsed request; rows older than market.idempotency_retention_ms are removed
-- by the reaper.
CREATE TABLE intent_idempotency_keys (
    requester       TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    intent_id       TEXT NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    PRIMARY KEY (requester, idempotency_key)
);
CREATE INDEX intent_idempotency_keys_by_age ON intent_idempotency_keys (created_at_ms);

-- Issue 18, defect 1: a prover's failures, lease expiries and missed deadlines while leased (its "strikes"), each
-- with the address prefix it last claimed from, counted in a sliding window per prover and per prefix.
CREATE TABLE prover_strikes (
    strike_id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prover_id  TEXT NOT NULL,
    network    TEXT NOT NULL,
    job_id     TEXT NOT NULL,
    attempt_no BIGINT NOT NULL,
    outcome    TEXT NOT NULL,
    at_ms      BIGINT NOT NULL
);
CREATE INDEX prover_strikes_by_prover ON prover_strikes (prover_id, at_ms);
CREATE INDEX prover_strikes_by_network ON prover_strikes (network, at_ms);
CREATE INDEX prover_strikes_by_age ON prover_strikes (at_ms);

-- Quarantines of a prover (subject = its did:key) or of an address prefix (subject = 'net:' || prefix). A row stays
-- after its end: the prover is on probation until ended_at_ms + market.probation_ms.
CREATE TABLE quarantines (
    subject     TEXT NOT NULL PRIMARY KEY,
    since_ms    BIGINT NOT NULL,
    until_ms    BIGINT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX quarantines_by_end ON quarantines (until_ms);

-- The address prefix (IPv6 /64, IPv4 address) of the prover's latest claim.
ALTER TABLE provers ADD COLUMN network TEXT NOT NULL DEFAULT '';
-- "Not offered again after failing it twice" looks up a prover's attempts on a job.
CREATE INDEX attempts_by_prover_job ON attempts (prover_id, job_id);
