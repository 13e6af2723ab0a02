-- Issue 26, item 4: the claim group's locking scan reads the best-paid pending jobs off jobs_pending_by_pay, not the
-- whole queue. Its LIMIT is a PL/pgSQL variable (the group's need), and PL/pgSQL keeps its statements' plans: after
-- five calls the server may switch to a generic plan, which cannot see the LIMIT and assumes it keeps a tenth of
-- the rows. For that the planner prefers reading every pending job (a bitmap scan of the index, then the heap) and
-- sorting them to an ordered index scan that stops after the LIMIT. At 1,000 single-job claims/s on a durable
-- PostgreSQL 15 (auto_explain of the live function, 15,000 jobs waiting) the scan that locks 64 jobs read 13,500 to
-- 15,000 rows and 1,500 heap pages and sorted them, about 116 ms a group on the loaded machine (median of the 30
-- calls over 15 ms), where the ordered index scan reads about 100 buffers.
--
-- A custom plan is made for each call instead: planning the function's few statements costs far less than one
-- such scan, and each plan sees the LIMIT of its call. The function itself is unchanged (V28).
ALTER FUNCTION claim_jobs_for_group(TEXT[], BIGINT[], TEXT[], INTEGER[], TEXT[], INTEGER[], TEXT[], INTEGER[], TEXT[],
                                    BIGINT, BIGINT[], BIGINT[], BIGINT[])
    SET plan_cache_mode = force_custom_plan;
