-- The redemptions table keyed by its key alone (WITHOUT ROWID): a redemption is one insert into one b-tree (plus the
-- keep_until index) instead of a rowid table and a separate key index, so a commit of many receipt rewards writes
-- fewer pages (docs/gate.md §12). Same columns, same key, same rows.
CREATE TABLE redemptions_keyed (
    redemption_key TEXT    NOT NULL PRIMARY KEY,
    keep_until_ms  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO redemptions_keyed (redemption_key, keep_until_ms) SELECT redemption_key, keep_until_ms FROM redemptions;
DROP TABLE redemptions;
ALTER TABLE redemptions_keyed RENAME TO redemptions;
CREATE INDEX redemptions_by_keep_until ON redemptions (keep_until_ms);
