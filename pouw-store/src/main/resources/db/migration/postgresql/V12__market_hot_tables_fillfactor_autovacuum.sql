-- Issue 26, item 3: the market's tables as PostgreSQL stores and cleans them. PostgreSQL only: SQLite rewrites a
-- row in place and has no vacuum to tune. (Storage parameters change no data; a later ALTER may change them again.)
--
-- Every settlement updates a handful of one-row tables (the event and job counters, the ledger head, the pool
-- totals, the prover's and the accounts' rows) and each update leaves a dead row version behind. None of their
-- indexed columns change, so the update can be HOT (heap-only: no index entry, the old version pruned on the next
-- visit to the page) as long as the page has room. fillfactor 50 keeps half of each page free for that; these tables
-- are a few pages, so the space costs nothing. autovacuum then runs on them after a fixed number of dead rows, not a
-- fraction of a table that never grows (the default, 20 % of a one-row table, means "at every 50 updates" but is
-- measured against stale statistics).
ALTER TABLE counters SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
ALTER TABLE ledger_head SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0,
                             autovacuum_vacuum_threshold = 1000);
ALTER TABLE ledger_totals SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0,
                               autovacuum_vacuum_threshold = 1000);
ALTER TABLE accounts SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE provers SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE intents SET (fillfactor = 80);

-- A job's row is written three times (created, claimed, settled); status, lease expiry and deadline are indexed,
-- so claims and settlements are never HOT, but commitments, challenges and results are, and 85 leaves room for
-- them. Dead versions of jobs slow the claim's index scan of the oldest pending jobs, so the table is vacuumed after
-- 2 % of it changed rather than 20 %, and its analyse keeps the planner's idea of "pending" current; a cost delay of
-- 1 ms (the default is 2) lets that vacuum keep up with a busy market.
ALTER TABLE jobs SET (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
                      autovacuum_vacuum_cost_delay = 1);
-- An attempt row is inserted at the claim and updated once at its end (not an indexed column: HOT when it fits).
ALTER TABLE attempts SET (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.02,
                          autovacuum_vacuum_insert_scale_factor = 0.05);
-- Append-only tables: vacuum after 5 % new rows marks their pages all-visible, which keeps index-only reads and
-- the anti-wraparound freeze cheap later.
ALTER TABLE events SET (autovacuum_vacuum_insert_scale_factor = 0.05);
ALTER TABLE ledger_entries SET (autovacuum_vacuum_insert_scale_factor = 0.05);
ALTER TABLE ledger_postings SET (autovacuum_vacuum_insert_scale_factor = 0.05);
