-- Issue 26, item 4: a claim group is answered once its job.claimed events are published, and a publication pass
-- took four round trips (the advisory lock, the horizon, the move, the commit). On a loaded server each is a wait
-- for the backend's turn on a core; the pass was a third of a claim's time at p50. publish_events runs the pass in
-- one statement: the lock first, then the moves, each a later statement of this function and so (READ COMMITTED) on
-- a snapshot taken after the lock is held, which sees every earlier pass's numbers. The numbering rule is V19's:
-- events of ended transactions older than the oldest one still running, numbered after the last published one in
-- (transaction id, position) order. Answers the last move's horizon (that statement's snapshot xmin): every
-- transaction below it has its events published.
--
-- The pass commits without waiting for the disk (synchronous_commit off for its transaction): the numbering is a
-- function of the committed events alone, so a pass lost in a crash is redone with the same numbers.
CREATE FUNCTION publish_events(lock_key BIGINT, move_limit INTEGER)
    RETURNS BIGINT
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    moved BIGINT;
    horizon BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    PERFORM set_config('synchronous_commit', 'off', true);
    LOOP -- more may wait than one statement moves; the next statement takes the following ones
        WITH moved_rows AS (
            DELETE FROM events_unpublished
            WHERE position IN (SELECT u.position FROM events_unpublished AS u
                               WHERE u.tx < pg_snapshot_xmin(pg_current_snapshot())
                               ORDER BY u.tx, u.position LIMIT move_limit)
            RETURNING tx, position, type, job_id, intent_id, data, at_ms),
        published AS (SELECT coalesce(max(e.seq), 0) AS seq FROM events AS e),
        numbered AS (
            INSERT INTO events (seq, type, job_id, intent_id, data, at_ms)
            SELECT published.seq + row_number() OVER (ORDER BY m.tx, m.position),
                   m.type, m.job_id, m.intent_id, m.data, m.at_ms
            FROM moved_rows AS m, published
            RETURNING seq)
        SELECT (SELECT count(*) FROM numbered), pg_snapshot_xmin(pg_current_snapshot())::text::bigint
        INTO moved, horizon;
        EXIT WHEN moved < move_limit;
    END LOOP;
    RETURN horizon;
END
$$;
