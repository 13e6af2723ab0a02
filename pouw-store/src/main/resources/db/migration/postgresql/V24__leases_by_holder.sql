-- Issue 26: a claim group's admission counts the leases each of its claimers holds (a new or probation prover may
-- hold only market.new_prover_max_jobs). Without an index on the holder that count read every leased job on the
-- server, once per group (once per order before admission was batched): with 15,000 jobs leased it took 45 ms of
-- each claim group's transaction. This index holds a job while it is leased, so the count reads the claimers' own
-- rows. A claim already writes an entry into each of the jobs table's indexes (its status changes, so the update is
-- never HOT); this adds one more, and a settlement or a release removes it with the rest.
CREATE INDEX jobs_leased_by_holder ON jobs (lease_holder) WHERE status = 'in_progress';
