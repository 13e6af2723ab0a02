-- Issue 26, item 3: the claim's index holds the claimable jobs only. A claim asks for the oldest pending jobs; the
-- old index on (status, created_seq) held every job, completed ones included, so every claim and every settlement
-- moved an entry in it (status is its first column) and it grew with the whole history. This one holds a job while
-- it is pending: a claim removes the job's entry, a release or a retry puts it back, a settlement never touches it,
-- and its size follows the queue, not the history. Listing jobs by status, the one other reader of the old index,
-- walks created_seq's unique index instead and filters; that is a listing page, not the claim path.
CREATE INDEX jobs_pending_by_seq ON jobs (created_seq) WHERE status = 'pending';
DROP INDEX jobs_by_status_seq;
