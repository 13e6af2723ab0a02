-- Issue 27, items 2 and 4: the reverse auction and collateral (docs/economics.md). A job's price is the reward fixed
-- at its first claim (-1: not yet priced, or the auction is off and the whole reward_budget is paid); collateral is
-- what the current lease's holder locked for it (0 when no lease is held); forfeits_held is the collateral earlier
-- holders forfeited on it, held until the job ends, then paid to whoever completes it or kept by the node.
ALTER TABLE jobs ADD COLUMN price INTEGER NOT NULL DEFAULT -1;
ALTER TABLE jobs ADD COLUMN collateral INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN forfeits_held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs_history ADD COLUMN price INTEGER NOT NULL DEFAULT -1;
ALTER TABLE jobs_history ADD COLUMN collateral INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs_history ADD COLUMN forfeits_held INTEGER NOT NULL DEFAULT 0;

-- An account's collateral locked by its open leases: never more than its balance. Spending (a transfer, an
-- intent's fee) may not take the balance below it; a lock is taken in the claim's transaction by one conditional
-- UPDATE, so two nodes can not lock one balance twice. Locks are not ledger entries; a forfeit is.
ALTER TABLE accounts ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
