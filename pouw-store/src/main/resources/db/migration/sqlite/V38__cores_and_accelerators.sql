-- Issue 27, item 3: cores and accelerators. A job states the least number of cores its prover must have (need_cores,
-- 0: one does) and the accelerators it must have (need_accelerators, a mask over the closed list of
-- org.pouw.core.job.Accelerator, 0: none), both from its intent, written when it is posted. A claim is offered a job
-- only if need_cores <= the worker's declared cores (1 when undeclared) and no bit of need_accelerators is missing
-- from the worker's declared set (none when undeclared).
ALTER TABLE jobs ADD COLUMN need_cores INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN need_accelerators INTEGER NOT NULL DEFAULT 0;
