-- Issue 27, item 1: base prices that follow demand. One row per kind and price interval (floor(ms / interval_ms) of
-- the node's clock), written by the first intent posted in the interval; the primary key makes the step keyed by its
-- interval, so two nodes stepping the same interval store it once. hour_ref is the price the hour's window started
-- from (it bounds the moves within the hour); pending_steps the queue the step saw.
CREATE TABLE market_prices (
    kind           TEXT NOT NULL,
    price_interval BIGINT NOT NULL,
    price          BIGINT NOT NULL CHECK (price >= 0),
    hour_ref       BIGINT NOT NULL CHECK (hour_ref >= 0),
    pending_steps  BIGINT NOT NULL CHECK (pending_steps >= 0),
    PRIMARY KEY (kind, price_interval)
);

-- Issue 27, item 2: claims hand out the best-paying work first, then the earliest deadline, then the oldest. The
-- partial index of V16 held the claimable jobs by age; this one holds them in the claim's new order and replaces
-- it, so a claim still touches one index entry per job (listing pending jobs by age walks created_seq's unique
-- index and filters, a listing page, not the claim path).
CREATE INDEX jobs_pending_by_pay ON jobs (reward_budget DESC, deadline_ms, created_seq) WHERE status = 'pending';
DROP INDEX jobs_pending_by_seq;
